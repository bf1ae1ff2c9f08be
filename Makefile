# Crossing the Line: every target calls tools/course.py, which Windows users run directly.
PYTHON ?= python3
COURSE = $(PYTHON) tools/course.py

.PHONY: lab test test-browser assignments bench setup clean help

help:
	@$(COURSE) help

lab:            ## set up once, then open the series in JupyterLab
	@$(COURSE) lab

test:           ## set up with the test tools, then run the whole test suite
	@$(COURSE) test

test-browser:   ## only the end-to-end test in real JupyterLab and headless Chromium
	@$(COURSE) test tests/browser -m browser

assignments:    ## teachers: nbgrader student versions of every notebook into classroom/
	@$(COURSE) assignments

bench:          ## speed and memory figures for the whole series
	@$(COURSE) bench

setup:
	@$(COURSE) setup --test

clean:          ## remove the environment and generated files (not your notebooks)
	rm -rf .venv classroom .pytest_cache test-artifacts
