"""Operate the course's interactive widgets the way a learner does, and check they answer.

One table, WIDGET_DRIVERS, maps a widget's CSS class (set in utils/ with ``add_class``) to
an operation. The browser test applies a driver wherever its class is found in a rendered
notebook, and requires it where the notebook's source calls the helper that builds it
(``source_marker``), so a widget that fails to render fails the test.

    >>> sorted(d.control_class for d in WIDGET_DRIVERS)
    ['ctl-entity-labels', 'ctl-glossary-term']
    >>> drivers_required_by("show(glossary_explorer(doc))")[0].output_class
    'ctl-glossary-output'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# How long the kernel may take to answer a widget change with new output.
OUTPUT_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Choice:
    """What an operation changed: the labels now chosen and those no longer chosen."""

    chosen: list[str]
    dropped: list[str]


@dataclass(frozen=True)
class WidgetDriver:
    """How to operate one kind of widget, and where its answer appears."""

    name: str
    control_class: str  # CSS class on the control (a Dropdown, SelectMultiple, ToggleButtons)
    output_class: str  # CSS class on the widget that shows the result
    source_marker: str  # the helper whose call in a notebook means "this widget must appear"
    operate: Callable[[Locator], Choice]  # changes the control
    choice_shown_in_output: bool  # the output must mention (one of) the chosen label(s)
    dropped_fade_from_output: bool  # labels no longer chosen must appear less often than before


@dataclass
class WidgetCheck:
    """What happened when one widget instance was operated."""

    driver: str
    cell_index: int
    chosen: list[str]
    before: str
    after: str
    problem: str | None = None
    dropped: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    """Lower-case text with runs of white space made single spaces.

    >>> _norm("  Named\\n  ENTITY ")
    'named entity'
    """
    return re.sub(r"\s+", " ", text or "").strip().lower()


def choose_other_option(control: Locator) -> Choice:
    """Select, in the control's <select>, an option other than the current one."""
    select = control.locator("select").first
    options = select.evaluate(
        "s => [...s.options].map(o => ({value: o.value, label: o.label || o.text,"
        " selected: o.selected, disabled: o.disabled}))")
    candidates = [o for o in options if not o["selected"] and not o["disabled"]]
    if not candidates:
        raise AssertionError(f"the dropdown has no other option to choose (options: {options})")
    # The last option is the one least likely to be a default or a placeholder.
    choice = candidates[-1]
    select.select_option(value=choice["value"])
    return Choice([choice["label"]], [o["label"] for o in options if o["selected"]])


def change_label_selection(control: Locator) -> Choice:
    """Change which labels are selected: a multiple <select>, toggle buttons or checkboxes."""
    select = control.locator("select")
    if select.count():
        select = select.first
        options = select.evaluate(
            "s => [...s.options].map(o => ({value: o.value, label: o.label || o.text,"
            " selected: o.selected}))")
        if not options:
            raise AssertionError("the label selector has no options")
        unselected = [o for o in options if not o["selected"]]
        # Select exactly one label that is not selected now (or, if all are, only the last).
        choice = unselected[0] if unselected else options[-1]
        select.select_option(value=[choice["value"]])
        return Choice([choice["label"]],
                      [o["label"] for o in options if o["selected"] and o is not choice])
    buttons = control.locator("button")
    if buttons.count():
        states = buttons.evaluate_all(
            "bs => bs.map(b => ({text: b.innerText.trim() || b.title,"
            " active: b.classList.contains('mod-active') || b.getAttribute('aria-pressed') === 'true'}))")
        inactive = [i for i, s in enumerate(states) if not s["active"]]
        if not inactive:
            raise AssertionError(f"every label button is already pressed: {states}")
        index = inactive[0]
        buttons.nth(index).click()
        return Choice([states[index]["text"]], [s["text"] for s in states if s["active"]])
    boxes = control.locator("input[type=checkbox]")
    if boxes.count():
        box = boxes.first
        label = box.evaluate("b => (b.closest('.widget-checkbox') || b.parentElement).innerText")
        box.click()
        return Choice([label.strip()], [])
    raise AssertionError("the label selector has no <select>, buttons or checkboxes to operate")


WIDGET_DRIVERS: tuple[WidgetDriver, ...] = (
    WidgetDriver(
        name="glossary explorer",
        control_class="ctl-glossary-term",
        output_class="ctl-glossary-output",
        source_marker="glossary_explorer",
        operate=choose_other_option,
        choice_shown_in_output=True,
        dropped_fade_from_output=False,  # a definition may well name the previous term
    ),
    WidgetDriver(
        name="entity explorer",
        control_class="ctl-entity-labels",
        output_class="ctl-entity-output",
        source_marker="entity_explorer",
        operate=change_label_selection,
        choice_shown_in_output=True,  # the highlights carry their label
        dropped_fade_from_output=True,  # ... and the highlights of dropped labels go
    ),
)


def drivers_required_by(source: str) -> list[WidgetDriver]:
    """The drivers whose widget a notebook with this code must show.

    >>> [d.name for d in drivers_required_by("x = entity_explorer(doc)")]
    ['entity explorer']
    >>> drivers_required_by("print('no widgets')")
    []
    """
    return [d for d in WIDGET_DRIVERS if d.source_marker in source]


def _output_text(output: Locator) -> str:
    return output.evaluate("e => e.innerText")


def _wait_for_change(page: Page, output: Locator, before: str) -> str:
    handle = output.element_handle()
    try:
        page.wait_for_function(
            "([e, before]) => e.innerText !== before", arg=[handle, before],
            timeout=OUTPUT_TIMEOUT_MS, polling=100)
    except PlaywrightTimeout:
        pass
    return _output_text(output)


def _mentions(label: str, text: str) -> int:
    """How often *label* occurs in *text* as a whole word (case as written).

    >>> _mentions("ORG", "UN ORG, CNN ORG; ORGAN")
    2
    """
    return len(re.findall(rf"(?<!\w){re.escape(label.strip())}(?!\w)", text)) if label.strip() else 0


def _choice_shown(chosen: list[str], text: str) -> bool:
    shown = _norm(text)
    return any(_norm(c) and _norm(c) in shown for c in chosen)


def _judge(driver: WidgetDriver, choice: Choice, before: str, after: str) -> str | None:
    """Whether the output answered the change as it should; None if it did, else why not.

    >>> d = WIDGET_DRIVERS[1]
    >>> _judge(d, Choice(["DATE"], ["GPE"]), "Seoul GPE", "Wednesday DATE") is None
    True
    >>> _judge(d, Choice(["DATE"], ["GPE"]), "Seoul GPE", "Seoul GPE Wednesday DATE")
    "after dropping ['GPE'] the output still shows them as often as before: 'Seoul GPE Wednesday DATE'"
    """
    if after == before:
        return (f"choosing {choice.chosen} did not change the output within "
                f"{OUTPUT_TIMEOUT_MS // 1000} s (it still reads {before[:200]!r})")
    if driver.choice_shown_in_output and not _choice_shown(choice.chosen, after):
        return f"after choosing {choice.chosen} the output does not mention it: {after[:300]!r}"
    if driver.dropped_fade_from_output:
        kept = [label for label in choice.dropped
                if _mentions(label, before) and _mentions(label, after) >= _mentions(label, before)]
        if kept:
            return (f"after dropping {kept} the output still shows them as often as before: "
                    f"{after[:300]!r}")
    return None


def operate_widgets(page: Page, notebook: Locator, source: str) -> list[WidgetCheck]:
    """Operate every known widget in *notebook*; a required one that is missing is a problem.

    Each control is paired with the output widget of its driver in the same cell.
    """
    checks: list[WidgetCheck] = []
    cells = notebook.locator(".jp-Cell")
    required = {d.name for d in drivers_required_by(source)}
    for driver in WIDGET_DRIVERS:
        controls = notebook.locator(f".{driver.control_class}")
        if controls.count() == 0:
            if driver.name in required:
                checks.append(WidgetCheck(
                    driver.name, -1, [], "", "",
                    problem=(f"the notebook calls {driver.source_marker} but no "
                             f".{driver.control_class} widget rendered (look for 'Error "
                             "displaying widget' or a missing output in the screenshot)")))
            continue
        for i in range(controls.count()):
            control = controls.nth(i)
            cell_index = control.evaluate(
                "(c) => [...document.querySelectorAll('.jp-NotebookPanel .jp-Cell')]"
                ".indexOf(c.closest('.jp-Cell'))")
            cell = cells.nth(cell_index) if cell_index >= 0 else notebook
            outputs = cell.locator(f".{driver.output_class}")
            if outputs.count() == 0:
                checks.append(WidgetCheck(
                    driver.name, cell_index, [], "", "",
                    problem=f"no .{driver.output_class} next to the .{driver.control_class} control"))
                continue
            output = outputs.first
            control.scroll_into_view_if_needed()
            before = _output_text(output)
            try:
                choice = driver.operate(control)
            except (AssertionError, PlaywrightTimeout) as error:
                checks.append(WidgetCheck(driver.name, cell_index, [], before, before,
                                          problem=f"could not operate the control: {error}"))
                continue
            after = _wait_for_change(page, output, before)
            check = WidgetCheck(driver.name, cell_index, choice.chosen, before, after,
                                dropped=choice.dropped)
            check.problem = _judge(driver, choice, before, after)
            checks.append(check)
    return checks
