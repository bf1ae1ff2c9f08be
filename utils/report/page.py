"""A reading as one self-contained HTML page: statistics, entities, sources, time.

Nothing on the page is fetched: the styles are in the page, the fonts are the reader's own
system fonts, there is no script, and the timeline plot is an inline PNG (a ``data:`` URL) with
a text alternative. Colours are the Okabe-Ito palette and its tints (``utils.figures``), and
every colour is also said in words (labels beside highlights, a legend in the plot).

>>> from utils.report import read_article
>>> page = report_html(read_article("Police said the road reopened on Monday.", published="2024-03-06"))
>>> "<script" in page, "http://" in page or "https://" in page, "alt=" in page
(False, False, True)
"""
from __future__ import annotations

import base64
import html
import io
import re
from datetime import datetime
from pathlib import Path

import pandas as pd

from utils.errors import CourseInputError

_VALUE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2}))?$")
_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
max-width:60em;margin:1.5em auto;padding:0 1em;line-height:1.5;color:#1a1a1a;background:#fff}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #0072B2;padding-bottom:.1em;
margin-top:1.6em}table{border-collapse:collapse;margin:.5em 0;font-size:.92em}
th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eaf3fa}.note{color:#444;font-style:italic}.meta{color:#444}
dl.stats{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dl.stats dt{font-weight:bold}
figure{margin:1em 0}figcaption{font-size:.9em;color:#333}img{max-width:100%;height:auto}
pre.summary{white-space:pre-wrap;background:#f6f6f6;padding:.6em;border-left:4px solid #E69F00}
"""


def value_to_datetime(value: str) -> datetime | None:
    """The point in time a complete TIMEX3 value names ("2017-11-22", "2017-11", "2017",
    "2017-11-13T15:14"), at its start; None for durations, references or partial values.

    >>> value_to_datetime("2017-11-13T15:14"), value_to_datetime("P3D")
    (datetime.datetime(2017, 11, 13, 15, 14), None)
    """
    match = _VALUE.match(str(value or ""))
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        return datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0))
    except ValueError:
        return None


def plot_times(times: pd.DataFrame, title: str = "Time expressions on a time line"):
    """The dated time expressions (DATE/TIME with a complete value) as points on a time axis,
    one row per expression in text order; returns ``(fig, alt)``, or ``(None, reason)`` when
    no expression has a date."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from utils.figures import OKABE_ITO

    rows = []
    if len(times):
        for row in times[times["type"].isin(["DATE", "TIME"])].itertuples():
            when = value_to_datetime(row.value)
            if when is not None:
                rows.append((row.text, str(row.value), when))
    if not rows:
        return None, ("No time expression has a complete date, so there is no timeline to "
                      "draw (without a publication date, relative dates stay unresolved).")
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 1.4))
    ys = list(range(len(rows)))[::-1]
    colours = [OKABE_ITO[0] if "T" not in v else OKABE_ITO[5] for _, v, _ in rows]
    ax.scatter([w for _, _, w in rows], ys, color=colours, zorder=3, s=40)
    for (text, value, when), y in zip(rows, ys):
        ax.annotate(f" {text} = {value}", (when, y), va="center", fontsize=9)
    ax.set_yticks([])
    ax.set_xlabel("date (start of the period the value names)")
    ax.set_title(title)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    ax.spines[["top", "right", "left"]].set_visible(False)
    first, last = min(w for *_, w in rows), max(w for *_, w in rows)
    pad = max((last - first) * 0.35, pd.Timedelta(days=3))
    ax.set_xlim(first - pad * 0.3, last + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    parts = "; ".join(f'"{t}" = {v}' for t, v, _ in rows[:12])
    more = f" and {len(rows) - 12} more" if len(rows) > 12 else ""
    alt = (f"Timeline of {len(rows)} dated time expression(s), in text order from top to "
           f"bottom, from {first:%d %b %Y} to {last:%d %b %Y}: {parts}{more}. Dots for days and "
           "longer periods are blue, dots for times of day orange.")
    return fig, alt


def _figure_html(fig, alt: str) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    text = html.escape(alt, quote=True)
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{text}">'
            f"<figcaption><em>Text alternative:</em> {text}</figcaption></figure>")


def _table(table: pd.DataFrame, columns: list[str], empty: str) -> str:
    if not len(table):
        return f"<p class='note'>{html.escape(empty)}</p>"
    shown = table[[c for c in columns if c in table.columns]]
    return shown.to_html(index=False, escape=True, border=0, na_rep="")


def _no_links(markup: str) -> str:
    """Drop any http(s) address from src/href attributes (nothing on the page may load)."""
    return re.sub(r"""\s(?:src|href)=(["'])https?://[^"']*\1""", "", markup)


def report_html(reading) -> str:
    """The whole report of a reading (from ``read_article``) as one HTML page."""
    from utils.entities import describe_entities, render_entities

    s = reading.stats
    published = (reading.published.isoformat() if reading.published is not None
                 else "not given (relative dates are left unresolved)")
    stats = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in [
        ("Paragraphs", s["paragraphs"]), ("Sentences", s["sentences"]), ("Words", s["words"]),
        ("Words per sentence", s["words_per_sentence"]),
        ("Reading time", f"about {s['reading_minutes']} min"),
        ("Image credit lines (not counted)", s["credit_lines"])])
    fig, alt = plot_times(reading.times)
    timeline = _figure_html(fig, alt) if fig is not None else f"<p class='note'>{html.escape(alt)}</p>"
    entities_view = render_entities(reading.doc)
    sections = [
        f"<h1>{html.escape(reading.name)}</h1>",
        f"<p class='meta'>Publication date: {html.escape(published)}. Read with "
        "<code>utils.report.read_article</code> (spaCy's English model"
        f"{', with the series’ entity rules' if reading.domain_rules else ''}). Every figure "
        "below was computed from the text: read it critically.</p>",
        "<h2 id='overview'>Overview</h2>",
        f"<pre class='summary'>{html.escape(reading.summary())}</pre>",
        f"<h2 id='stats'>Reading statistics</h2><dl class='stats'>{stats}</dl>",
        "<h2 id='sources'>Who says what</h2>",
        _table(reading.attributions, ["paragraph", "source", "role", "source_kind", "cue", "claim"],
               "No attributed statement was found."),
        "<h3>Sentences with no attribution</h3>",
        _table(reading.unsourced, ["paragraph", "sentence"], "Every sentence is attributed."),
        "<h2 id='entities'>Entities</h2>",
        "<p class='note'>Each highlight carries its label in words; the colours are tints of "
        "the Okabe-Ito palette.</p>",
        f"<div class='entities-view'>{entities_view}</div>",
        f"<p><em>Text alternative:</em> {html.escape(describe_entities(reading.doc))}</p>",
        "<h3>Who is who (canonical groups)</h3>",
        _table(reading.entity_groups, ["entity", "label", "mentions", "forms"],
               "No entity was found."),
        "<h2 id='times'>Time expressions</h2>",
        f"<p class='note'>{html.escape(reading.times_note)}</p>",
        _table(reading.times, ["text", "type", "value", "mod", "resolved", "why", "note"],
               "No time expression was found."),
        timeline,
        "<hr><p class='meta'>Made with the notebook series “Crossing the Line” (notebook 05). "
        "The page is self-contained: it loads nothing from the network.</p>",
    ]
    body = _no_links("\n".join(sections))
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(reading.name)}: a reading</title><style>{_STYLE}</style></head>"
            f"<body><main>{body}</main></body></html>\n")


def save_report(reading, path: str | Path) -> Path:
    """Write :func:`report_html` to *path* (a file name ending in .html); a missing folder is
    created. Returns the path written."""
    if not isinstance(path, (str, Path)) or not str(path).strip():
        raise CourseInputError("save_html() takes a file name such as 'my-articles/report.html'.")
    target = Path(path)
    if target.is_dir():
        raise CourseInputError(f"{target} is a folder. Give a file name inside it, e.g. "
                               f"{target / 'report.html'}.")
    if target.suffix.lower() not in (".html", ".htm"):
        raise CourseInputError(f"The report is an HTML page: give a file name ending in .html, "
                               f"e.g. {target.with_suffix('.html')}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report_html(reading), encoding="utf-8")
    return target
