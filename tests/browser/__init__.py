"""End-to-end test: every notebook and its widgets in real JupyterLab, in headless chromium.

Run it alone with ``make test-browser``. A package (this file) so that its conftest and
helpers do not shadow tests/conftest.py.
"""
