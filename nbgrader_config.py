"""nbgrader configuration of the "Crossing the Line" course (for teachers).

nbgrader reads this file when you run its commands from the repository root:

    make assignments                         # builds classroom/ (python -m utils.classroom generate)
    nbgrader validate classroom/release/00-start-here/00-start-here.ipynb          # fails: unanswered
    nbgrader validate --invert classroom/release/00-start-here/00-start-here.ipynb # passes
    nbgrader autograde 00-start-here         # grades classroom/submitted/<student>/00-start-here/
    nbgrader generate_feedback 00-start-here

The course directory is classroom/ next to this file (git-ignored): source/ (generated, with
solutions), release/ (student versions), submitted/, autograded/, feedback/ and gradebook.db.
See docs/teacher-guide.md.
"""
import os

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

HERE = os.path.dirname(os.path.abspath(__file__))

# --- Course ---------------------------------------------------------------------------------
c.CourseDirectory.course_id = "crossing-the-line"
c.CourseDirectory.root = os.path.join(HERE, "classroom")
# Student versions are self-contained notebooks; the data comes from the installed utils package.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# --- Student versions -----------------------------------------------------------------------
# The learner's placeholder line (e.g. `n_words = ...`) stays above the stub, and there is NO
# `raise NotImplementedError()`: "Run All" on a student version completes, and the checks say
# "Not started". The graded check cells use check(..., strict="nbgrader"), which raises while
# nbgrader validates or autogrades, so an unanswered exercise still fails validation and scores 0.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE"}
c.ClearSolutions.text_stub = "*Write your answer here.*"
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"

# --- Validating and autograding -------------------------------------------------------------
# Notebooks that load the spaCy model need a few seconds; be generous on slow machines.
c.Execute.timeout = 300
# A student who deleted a graded cell gets it back when autograded (with a note saying so), so
# that the check still runs on their answer.
c.OverwriteCells.add_missing_cells = True

# --- JupyterHub (a class on a shared server) ------------------------------------------------
# On a JupyterHub, students fetch and submit through nbgrader's exchange, a shared folder that
# every user can reach. Uncomment and adapt (see docs/teacher-guide.md, "JupyterHub"):
#
# c.Exchange.root = "/srv/nbgrader/exchange"   # world-writable, sticky bit (chmod 1777)
# c.Exchange.path_includes_course = True        # if you teach several courses on one hub
# c.CourseDirectory.root = "/home/<teacher>/crossing-the-line"   # the teacher's course folder
#
# For several graders, or courses managed by the hub's groups, use JupyterHub authentication:
# c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
