"""Analysis: mention -> event clustering, dyad series, actors, timelines, networks and plots."""
from .cluster import ClusterSettings, cluster_store
from .queries import actors, dyad, network, timeline, write_graph

__all__ = ["ClusterSettings", "cluster_store", "actors", "dyad", "network", "timeline", "write_graph"]
