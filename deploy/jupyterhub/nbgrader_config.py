"""nbgrader's system-wide configuration on the course's JupyterHub: copy it to
``/etc/jupyter/nbgrader_config.py`` (every user reads it; the tests point JUPYTER_CONFIG_PATH
at this folder instead).

It names the course and nbgrader's exchange, the folder through which assignments, submissions
and feedback travel between the teacher and the students. The teacher's own course settings
(student versions, autograding) are the repository's ``nbgrader_config.py``, copied into the
teacher's home: see docs/teacher-guide.md, "A class on JupyterHub".
"""
import os

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "crossing-the-line"
# Created by root once: mkdir -p /srv/nbgrader/exchange && chmod 1777 /srv/nbgrader/exchange
# (nbgrader then makes <course>/outbound 755, inbound 2733 and feedback 711 itself).
c.Exchange.root = os.environ.get("CTL_EXCHANGE_ROOT") or "/srv/nbgrader/exchange"
