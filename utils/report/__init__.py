"""Read any English news text with the whole toolkit of the series (notebook 05).

Four concerns, one module each:

- :mod:`utils.report.reading` -- :func:`read_article` reads one text: statistics, who says
  what, entities grouped by who is who, time expressions (TimeML type and value);
- :mod:`utils.report.page` -- the reading as a one-page, self-contained HTML report
  (``reading.save_html(path)``);
- :mod:`utils.report.compare` -- :func:`compare` puts two readings of one event side by side;
- :mod:`utils.report.folder` -- :func:`read_folder` reads every text file of a folder in
  batches and returns one summary table.

>>> reading = read_article("Reuters said the soldier ran. He was shot five times.")
>>> reading.stats["sentences"], list(reading.attributions["source"])
(2, ['Reuters'])
"""
from __future__ import annotations

from utils.report.compare import Comparison, compare
from utils.report.folder import article_files, my_articles_folder, read_folder
from utils.report.numbers import number_value, numbers_by_noun
from utils.report.reading import ArticleReading, as_published, read_article

__all__ = ["ArticleReading", "Comparison", "article_files", "as_published", "compare",
           "my_articles_folder", "number_value", "numbers_by_noun", "read_article", "read_folder"]
