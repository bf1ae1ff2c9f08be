"""JupyterHub configuration for a class working through "Crossing the Line" (one Linux server).

One hub on this machine, for one teacher and their students, each a Unix user of the machine:

- the hub and its proxy (configurable-http-proxy, from npm) listen on 127.0.0.1 only; put a
  TLS-terminating reverse proxy (nginx, Caddy) in front of it for a real class;
- users log in with their Unix password (PAM), and only the users of the class may log in;
- each user's single-user server is started by LocalProcessSpawner as that Unix user, from the
  course environment the hub itself runs from (``sys.prefix``: the pinned ``.venv``);
- students get the student package (``utils`` + ``data``, no solutions) on ``PYTHONPATH`` and
  no formgrader; the teacher gets the formgrader on the course in their home;
- nbgrader's exchange is a shared folder (see ``nbgrader_config.py`` next to this file, copied
  to ``/etc/jupyter/nbgrader_config.py``).

Start it as root from the repository root (``docs/teacher-guide.md``, "A class on JupyterHub"):

    sudo CTL_TEACHER=teacher CTL_STUDENTS=ada,bob,cho \\
        .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Everything that differs between machines is an environment variable with a default, so that
``tests/hub/`` runs exactly this file (on free ports, in a temporary folder):

=========================  ====================================  ===============================
variable                   default                               meaning
=========================  ====================================  ===============================
CTL_TEACHER                ``teacher``                           the teacher's Unix user name
CTL_STUDENTS               (empty)                               the students' user names, comma-separated
CTL_HUB_PORT               ``8000``                              the public port (127.0.0.1)
CTL_HUB_API_PORT           ``8081``                              the hub's own port (127.0.0.1)
CTL_PROXY_API_PORT         ``8001``                              the proxy's REST API port (127.0.0.1)
CTL_HUB_STATE              ``/srv/jupyterhub``                   database, cookie secret, proxy token (root only)
CTL_PROXY_COMMAND          ``configurable-http-proxy``           the proxy's executable
CTL_STUDENT_PACKAGE        ``/opt/crossing-the-line/student-package``  ``python -m utils.classroom export-package``
CTL_EXCHANGE_ROOT          ``/srv/nbgrader/exchange``            nbgrader's exchange (read by nbgrader_config.py)
CTL_COURSE_PYTHON          the hub's own Python (``.venv``)      the Python of the users' servers and kernels
CTL_HUB_SERVICE_TOKEN      (none)                                a token for scripts (tests, benchmarks): may
                                                                 start and stop the users' servers
=========================  ====================================  ===============================
"""
import os
import sys

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


TEACHER = _env("CTL_TEACHER", "teacher")
STUDENTS = [s.strip() for s in os.environ.get("CTL_STUDENTS", "").split(",") if s.strip()]
STATE = _env("CTL_HUB_STATE", "/srv/jupyterhub")
STUDENT_PACKAGE = _env("CTL_STUDENT_PACKAGE", "/opt/crossing-the-line/student-package")
EXCHANGE_ROOT = _env("CTL_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
# The users' Python: by default the course environment this hub runs from (the pinned .venv).
# It must be readable by every user (see the guide: not a Python installed in root's home).
COURSE_PYTHON = _env("CTL_COURSE_PYTHON", sys.executable)

# --- Network: 127.0.0.1 only, with the real proxy ------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{_env('CTL_HUB_PORT', '8000')}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(_env("CTL_HUB_API_PORT", "8081"))
c.JupyterHub.proxy_class = "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [_env("CTL_PROXY_COMMAND", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{_env('CTL_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.should_start = True  # the hub starts and stops its proxy

# --- State (root only) -------------------------------------------------------------------
os.makedirs(STATE, mode=0o700, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{os.path.join(STATE, 'jupyterhub.sqlite')}"
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(STATE, "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the users' servers
c.JupyterHub.cleanup_proxy = True

# --- Who may log in: the class's Unix users, with their Unix password (PAM) ---------------
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False  # no systemd/logind session per server
c.Authenticator.allowed_users = {TEACHER, *STUDENTS}
c.Authenticator.admin_users = {TEACHER}  # may start/stop servers and see the hub's admin page
c.LocalAuthenticator.create_system_users = False  # the users exist already (useradd)

# --- Single-user servers: one process per user, as that user, from the course environment --
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [COURSE_PYTHON, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.ip = "127.0.0.1"
c.Spawner.start_timeout = 120  # a loaded 2-core machine needs a while for JupyterLab
c.Spawner.http_timeout = 120
c.Spawner.mem_limit = None  # LocalProcessSpawner cannot enforce limits; see the guide's sizing
c.Spawner.environment = {
    "PATH": os.pathsep.join([os.path.dirname(COURSE_PYTHON), "/usr/local/bin", "/usr/bin", "/bin"]),
    "CTL_EXCHANGE_ROOT": EXCHANGE_ROOT,
}
# Passed through where set: a Jupyter config path instead of /etc/jupyter, and the library
# path of a relocated interpreter (both only in the tests).
for name in ("JUPYTER_CONFIG_PATH", "LD_LIBRARY_PATH"):
    if os.environ.get(name):
        c.Spawner.environment[name] = os.environ[name]
# No JupyterLab news or update checks: tools/course.py writes that into the environment's
# etc/jupyter, which every single-user server started from it reads.
c.Spawner.args = []

# Students: the student package (no solutions) comes first on the path, and the teacher's
# nbgrader tools (formgrader, course list) are off. The teacher gets them.
TEACHER_ONLY_EXTENSIONS = ("nbgrader.server_extensions.formgrader",
                           "nbgrader.server_extensions.course_list")


def pre_spawn_hook(spawner):
    if spawner.user.name == TEACHER:
        return
    spawner.environment["PYTHONPATH"] = STUDENT_PACKAGE
    spawner.args = [*spawner.args, *(f"--ServerApp.jpserver_extensions={name}=False"
                                     for name in TEACHER_ONLY_EXTENSIONS)]


c.Spawner.pre_spawn_hook = pre_spawn_hook

# --- A token for scripts (tests/hub, benchmarks/bench_hub.py) -----------------------------
if os.environ.get("CTL_HUB_SERVICE_TOKEN"):
    c.JupyterHub.services = [{"name": "course-scripts",
                              "api_token": os.environ["CTL_HUB_SERVICE_TOKEN"]}]
    c.JupyterHub.load_roles = [{
        "name": "course-scripts",
        "scopes": ["list:users", "read:users", "admin:servers", "access:servers"],
        "services": ["course-scripts"],
    }]
