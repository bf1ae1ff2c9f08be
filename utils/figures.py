"""Figures with a text alternative and colour-blind-safe colours.

Every chart in the series goes through :func:`show`, which displays the image with its
text alternative (as the image's ``alt`` and as visible text), so that a screen-reader user,
or anyone who cannot see the chart, gets the same information.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> _ = ax.bar(["a", "b"], [1, 2], color=OKABE_ITO[:2])
>>> out = show(fig, alt="Two bars: a is 1, b is 2.", display=False)
>>> 'alt="Two bars: a is 1, b is 2."' in out.data
True
"""
from __future__ import annotations

import base64
import html
import io

from utils.errors import CourseInputError

# The Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000"]

# Light tints of the same palette for displaCy's entity highlights (dark text stays readable);
# the label is always written beside the highlight too, so colour is never the only cue.
ENTITY_COLOURS = {
    "ORG": "#AADAF4", "GPE": "#F2CF80", "PERSON": "#E6BCD3", "LOC": "#80CEB9",
    "NORP": "#F7F1A0", "DATE": "#80B8D8", "EVENT": "#EAAE80", "FAC": "#C8C8C8",
    "CARDINAL": "#E0E0E0", "ORDINAL": "#E0E0E0", "QUANTITY": "#E0E0E0", "TIME": "#B3D4E8",
    "MONEY": "#E0E0E0", "PERCENT": "#E0E0E0", "PRODUCT": "#D9C3E0", "LAW": "#F5DDB0",
    "WORK_OF_ART": "#D9C3E0", "LANGUAGE": "#E0E0E0",
}


def show(fig, alt: str, caption: str | None = None, *, display: bool = True):
    """Display a matplotlib figure as an image with a text alternative; return the HTML.

    *alt* must describe what the figure shows (its message and key numbers), not just its type.
    """
    from IPython.display import HTML
    from IPython.display import display as ipy_display
    import matplotlib.pyplot as plt

    if not isinstance(alt, str) or len(alt.strip()) < 10:
        raise CourseInputError("Every figure needs a text alternative: pass alt='...' with a "
                               "sentence saying what the figure shows (at least 10 characters).")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    alt_text = html.escape(alt.strip(), quote=True)
    cap = html.escape(caption) if caption else ""
    markup = (
        "<figure class='ctl-figure' style='margin:0'>"
        f'<img src="data:image/png;base64,{data}" alt="{alt_text}" style="max-width:100%">'
        f"<figcaption>{'<strong>' + cap + '</strong><br>' if cap else ''}"
        f"<em>Text alternative:</em> {alt_text}</figcaption></figure>"
    )
    out = HTML(markup)
    if display:
        ipy_display(out)
    return out
