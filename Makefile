# Crossing the Line: every target calls tools/course.py, which Windows users run directly.
PYTHON ?= python3
COURSE = $(PYTHON) tools/course.py

.PHONY: lab test test-browser test-hub browser-loop book assignments bench setup clean help

help:
	@$(COURSE) help

lab:            ## set up once, then open the series in JupyterLab
	@$(COURSE) lab

test:           ## set up with the test tools, then run the whole test suite
	@$(COURSE) test

test-browser:   ## only the end-to-end test in real JupyterLab and headless Chromium
	@$(COURSE) test tests/browser -m browser

browser-loop:   ## the browser test 10 times in a row, to show it does not flake (not in make test)
	@$(COURSE) browser-loop 10

book:           ## the whole series, executed, as a static web site in _site/ (readable without set-up)
	@$(COURSE) book

test-hub:       ## only the class on a real JupyterHub: nbgrader's exchange, as each user (root)
	@$(COURSE) test tests/hub -m hub

assignments:    ## teachers: nbgrader student versions of every notebook into classroom/
	@$(COURSE) assignments

bench:          ## speed and memory figures for the whole series
	@$(COURSE) bench

setup:
	@$(COURSE) setup --test

clean:          ## remove the environment and generated files (not your notebooks)
	rm -rf .venv classroom .pytest_cache test-artifacts _site
