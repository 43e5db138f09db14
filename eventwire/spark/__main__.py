"""`python -m eventwire.spark INPUT OUTPUT [flags]`, and the script spark-submit runs:

    spark-submit --master yarn eventwire/spark/__main__.py s3a://bucket/news/ s3a://bucket/coded/ --format jsonl
"""
import sys

from eventwire.spark.command import main

if __name__ == "__main__":
    sys.exit(main())
