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
from dataclasses import dataclass
from typing import Callable

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# How long the kernel may take to answer a widget change with new output.
OUTPUT_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class WidgetDriver:
    """How to operate one kind of widget, and where its answer appears."""

    name: str
    control_class: str  # CSS class on the control (a Dropdown, SelectMultiple, ToggleButtons)
    output_class: str  # CSS class on the widget that shows the result
    source_marker: str  # the helper whose call in a notebook means "this widget must appear"
    operate: Callable[[Locator], list[str]]  # changes the control; returns the chosen labels
    choice_shown_in_output: bool  # the output must mention (one of) the chosen label(s)


@dataclass
class WidgetCheck:
    """What happened when one widget instance was operated."""

    driver: str
    cell_index: int
    chosen: list[str]
    before: str
    after: str
    problem: str | None = None


def _norm(text: str) -> str:
    """Lower-case text with runs of white space made single spaces.

    >>> _norm("  Named\\n  ENTITY ")
    'named entity'
    """
    return re.sub(r"\s+", " ", text or "").strip().lower()


def choose_other_option(control: Locator) -> list[str]:
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
    return [choice["label"]]


def change_label_selection(control: Locator) -> list[str]:
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
        return [choice["label"]]
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
        return [states[index]["text"]]
    boxes = control.locator("input[type=checkbox]")
    if boxes.count():
        box = boxes.first
        label = box.evaluate("b => (b.closest('.widget-checkbox') || b.parentElement).innerText")
        box.click()
        return [label.strip()]
    raise AssertionError("the label selector has no <select>, buttons or checkboxes to operate")


WIDGET_DRIVERS: tuple[WidgetDriver, ...] = (
    WidgetDriver(
        name="glossary explorer",
        control_class="ctl-glossary-term",
        output_class="ctl-glossary-output",
        source_marker="glossary_explorer",
        operate=choose_other_option,
        choice_shown_in_output=True,
    ),
    WidgetDriver(
        name="entity explorer",
        control_class="ctl-entity-labels",
        output_class="ctl-entity-output",
        source_marker="entity_explorer",
        operate=change_label_selection,
        choice_shown_in_output=False,
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


def _choice_shown(chosen: list[str], text: str) -> bool:
    shown = _norm(text)
    return any(_norm(c) and _norm(c) in shown for c in chosen)


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
                chosen = driver.operate(control)
            except (AssertionError, PlaywrightTimeout) as error:
                checks.append(WidgetCheck(driver.name, cell_index, [], before, before,
                                          problem=f"could not operate the control: {error}"))
                continue
            after = _wait_for_change(page, output, before)
            check = WidgetCheck(driver.name, cell_index, chosen, before, after)
            if after == before:
                check.problem = (f"choosing {chosen} did not change the output within "
                                 f"{OUTPUT_TIMEOUT_MS // 1000} s (it still reads {before[:200]!r})")
            elif driver.choice_shown_in_output and not _choice_shown(chosen, after):
                check.problem = (f"after choosing {chosen} the output does not mention it: "
                                 f"{after[:300]!r}")
            checks.append(check)
    return checks
