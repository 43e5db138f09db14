"""Pictures: a dyad's cooperation and conflict over time (PNG), and a self-contained event map (HTML).

The map needs no tiles and no network: it draws an equirectangular graticule in
inline SVG with one circle per place, sized by its number of events and coloured
by the share of conflict (quad classes 3 and 4), with a tooltip and a table.
"""
from __future__ import annotations

import html
import math
from pathlib import Path

import pandas as pd

from ..errors import E, OutputError
from ..store.output import atomic_output

QUAD_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
QUAD_COLOURS = {1: "#8fc1e3", 2: "#1f77b4", 3: "#f4a582", 4: "#b2182b"}


def plot_dyad(series: pd.DataFrame, a: str, b: str, out: str, by: str = "month") -> str:
    """Stacked quad-class bars per period (cooperation up, conflict down) with the mean intensity line."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(10, 5), dpi=100)
    if series.empty:
        ax.text(0.5, 0.5, f"no events between {a} and {b}", ha="center", va="center", transform=ax.transAxes)
    else:
        x = list(range(len(series)))
        labels = [pd.Timestamp(p).strftime("%Y-%m-%d" if by in ("day", "week") else "%Y-%m" if by == "month" else "%Y")
                  for p in series["period"]]
        up = [0] * len(x)
        down = [0] * len(x)
        for q in (1, 2):
            vals = series[f"quad_{q}"].tolist()
            ax.bar(x, vals, bottom=up, color=QUAD_COLOURS[q], label=QUAD_LABELS[q])
            up = [u + v for u, v in zip(up, vals)]
        for q in (3, 4):
            vals = [-v for v in series[f"quad_{q}"].tolist()]
            ax.bar(x, vals, bottom=down, color=QUAD_COLOURS[q], label=QUAD_LABELS[q])
            down = [d + v for d, v in zip(down, vals)]
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xticks(x)
        ax.set_xticklabels(labels, rotation=45, ha="right", fontsize=8)
        ax.set_ylabel("events (cooperation up, conflict down)")
        ax2 = ax.twinx()
        ax2.plot(x, series["intensity_mean"].tolist(), color="black", marker="o", linewidth=1.5,
                 label="mean PLOVER intensity")
        ax2.set_ylim(-10, 10)
        ax2.set_ylabel("mean intensity (-10 conflict .. +10 cooperation)")
        h1, l1 = ax.get_legend_handles_labels()
        h2, l2 = ax2.get_legend_handles_labels()
        ax.legend(h1 + h2, l1 + l2, loc="upper left", fontsize=8)
    ax.set_title(f"{a} – {b}: events per {by}")
    fig.tight_layout()
    try:
        suffix = Path(out).suffix.lstrip(".").lower()
        if suffix not in fig.canvas.get_supported_filetypes():
            raise OutputError(E.BAD_FORMAT, where=str(out), value="." + suffix if suffix else "(none)",
                              choices=", ".join(f".{k}" for k in sorted(fig.canvas.get_supported_filetypes())))
        with atomic_output(out, force=True) as tmp:
            fig.savefig(tmp, format=suffix)
    finally:
        plt.close(fig)
    return out


def map_html(events: pd.DataFrame, out: str, title: str = "eventwire: event locations") -> str:
    """A self-contained HTML map of event locations (no tiles, no scripts from elsewhere)."""
    located = events.dropna(subset=["lat", "lon"])
    located = located[located["realised"]] if "realised" in located else located
    groups = located.groupby(["location_name", "location_country", "lat", "lon"], dropna=False)
    places = []
    for (name, country, lat, lon), g in groups:
        conflict = int(g["quad_class"].isin([3, 4]).sum())
        types = g["event_type"].value_counts().to_dict()
        places.append({"name": name or "?", "country": country or "", "lat": float(lat), "lon": float(lon),
                       "n": len(g), "conflict": conflict / len(g), "types": types})
    places.sort(key=lambda p: -p["n"])
    w, h = 1000, 500

    def xy(lat, lon):
        return (lon + 180) / 360 * w, (90 - lat) / 180 * h

    svg = [f'<svg viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" role="img" '
           f'aria-label="event locations"><rect width="{w}" height="{h}" fill="#f4f8fb"/>']
    for lon in range(-180, 181, 30):
        x, _ = xy(0, lon)
        svg.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{h}" stroke="#d5dde5" stroke-width="0.6"/>')
    for lat in range(-90, 91, 30):
        _, y = xy(lat, 0)
        svg.append(f'<line x1="0" y1="{y:.1f}" x2="{w}" y2="{y:.1f}" stroke="#d5dde5" stroke-width="0.6"/>')
    for p in places:
        x, y = xy(p["lat"], p["lon"])
        r = 3 + 3 * math.sqrt(p["n"])
        red = int(40 + 200 * p["conflict"])
        blue = int(40 + 200 * (1 - p["conflict"]))
        tip = f'{p["name"]} ({p["country"]}): {p["n"]} events — ' + ", ".join(f"{k} {v}" for k, v in p["types"].items())
        svg.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="rgb({red},60,{blue})" fill-opacity="0.7" '
                   f'stroke="#333" stroke-width="0.5"><title>{html.escape(tip)}</title></circle>')
    svg.append("</svg>")
    rows = "".join(f"<tr><td>{html.escape(p['name'])}</td><td>{html.escape(p['country'])}</td><td>{p['n']}</td>"
                   f"<td>{p['conflict']:.0%}</td><td>{p['lat']:.2f}, {p['lon']:.2f}</td></tr>" for p in places)
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;margin:1.5em;color:#222}} svg{{width:100%;max-width:1000px;border:1px solid #ccc}}
table{{border-collapse:collapse;margin-top:1em}} td,th{{border-bottom:1px solid #ddd;padding:2px 10px;text-align:left}}</style>
</head><body><h1>{html.escape(title)}</h1>
<p>{len(places)} places, {int(sum(p['n'] for p in places))} events. Circle area: number of events; colour: share of
conflict events (red) against cooperation (blue). Hover a circle for its events.</p>
{''.join(svg)}
<table><thead><tr><th>place</th><th>country</th><th>events</th><th>conflict</th><th>lat, lon</th></tr></thead>
<tbody>{rows}</tbody></table></body></html>"""
    with atomic_output(out, force=True) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(page)
    return out
