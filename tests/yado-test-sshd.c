/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A private sshd for the remote tests.
 *
 *  - It runs as root (sshd must), from /usr/sbin/sshd (it re-executes
 *    itself, so an absolute path), in the foreground (-D) with its log in
 *    DIR/sshd.log at LogLevel VERBOSE, on 127.0.0.1 and a port that was
 *    free a moment before (tried again when another process took it).
 *    PR_SET_PDEATHSIG: it dies with the test.
 *  - DIR is /tmp/yado-sshd-XXXXXX (0755: sshd reads authorized_keys as the
 *    user): its config, host key, the client's key pair, authorized_keys.
 *    Only yado-test may log in, with that key (no passwords). PAM is on:
 *    yado-test's password is locked, and without PAM sshd takes a locked
 *    password for a locked account, key or not.
 *  - yado-test's login shell becomes /bin/sh (it is /usr/sbin/nologin when
 *    yado-test-libvirtd.c creates it): sshd runs every remote command,
 *    libvirt's nc among them, through it. It stays so; the account has no
 *    password and no key outside these tests.
 *  - Root's ssh reads root's ~/.ssh/known_hosts (from the passwd entry,
 *    whatever HOME says). The host key goes there on a line marked with
 *    "yado-test-sshd:DIR", removed at free; a test that crashed leaves its
 *    line, removed by the next start once DIR is gone. Nothing turns host
 *    key checks off.
 *  - DIR/owner holds the test's pid: the next start removes the DIR of a
 *    test that died.
 *  - Free kills every process sshd started (connections are sessions of
 *    their own, so it walks the process tree), then sshd.
 */
#define _GNU_SOURCE /* nftw */
#include "yado-test-sshd.h"
#include "yado-test-utils.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ftw.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "yado-secret.h"

#define TEST_USER       "yado-test"
/* The same account (uid) under a second name that logs in with a password:
 * PAM checks this name's password, and the session runs as the daemon's
 * user, so it reaches the test libvirtd's private socket. */
#define PASSWORD_USER   "yado-pw"
#define SSHD_PATH       "/usr/sbin/sshd"
#define KEYGEN_PATH     "/usr/bin/ssh-keygen"
#define NC_PATH         "/bin/nc"
#define PRIVSEP_DIR     "/run/sshd"
#define MARK_PREFIX     "yado-test-sshd:"
#define START_TRIES     5
#define READY_TIMEOUT_US (10 * G_USEC_PER_SEC)

struct _YadoTestSshd {
  char  *dir;
  char  *log_path;
  char  *key_path;
  char  *known_hosts;
  char  *mark;       /* MARK_PREFIX DIR */
  char  *password;   /* PASSWORD_USER's, with YADO_TEST_SSHD_PASSWORD_USER */
  YadoTestSshdFlags flags;
  guint  port;
  GPid   pid;
};

#define ERROR_DOMAIN (g_quark_from_static_string ("yado-test-sshd-error"))

/* ---- setting up ---- */

static gboolean
fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError **error, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_propagate_error (error, g_error_new_valist (ERROR_DOMAIN, 0, format, ap));
  va_end (ap);
  return FALSE;
}

static gboolean
check_programs (GError **error)
{
  static const struct { const char *path, *package; } programs[] = {
    { SSHD_PATH, "openssh-server" },
    { KEYGEN_PATH, "openssh-client" },
    /* libvirt's remote side: nc -U on the daemon's socket. */
    { NC_PATH, "netcat-openbsd" },
  };

  if (geteuid () != 0)
    return fail (error, "the SSH tests must run as root: sshd does");
  for (gsize i = 0; i < G_N_ELEMENTS (programs); i++)
    if (!g_file_test (programs[i].path, G_FILE_TEST_IS_EXECUTABLE))
      return fail (error, "%s not found: install %s", programs[i].path, programs[i].package);
  return TRUE;
}

static gboolean
run (GError **error, const char *first, ...) G_GNUC_NULL_TERMINATED;

static gboolean
run (GError **error, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  int status = 0;
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                     NULL, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    return fail (error, "%s failed: %s", first, err ? g_strstrip (err) : "");
  return TRUE;
}

static gboolean
prepare_user (GError **error)
{
  struct passwd *pw = getpwnam (TEST_USER);

  if (pw == NULL)
    return fail (error, "no user " TEST_USER ": start the test libvirtd first");
  if (g_strcmp0 (pw->pw_shell, "/bin/sh") == 0)
    return TRUE;
  return run (error, "usermod", "-s", "/bin/sh", TEST_USER, NULL);
}

/* PASSWORD_USER: made once as a second name of TEST_USER's uid; a new
 * random password for each sshd, locked again at free. */
static gboolean
prepare_password_user (YadoTestSshd *self, GError **error)
{
  struct passwd *pw = getpwnam (TEST_USER);
  g_autofree char *uid = g_strdup_printf ("%u", (unsigned) pw->pw_uid);
  g_autofree char *gid = g_strdup_printf ("%u", (unsigned) pw->pw_gid);

  if (getpwnam (PASSWORD_USER) == NULL &&
      !run (error, "/usr/sbin/useradd", "--system", "--non-unique", "--uid", uid, "--gid", gid,
            "--no-create-home", "--home-dir", pw->pw_dir, "--shell", "/bin/sh",
            PASSWORD_USER, NULL))
    return FALSE;
  return yado_test_sshd_new_password (self, error);
}

gboolean
yado_test_sshd_new_password (YadoTestSshd *self, GError **error)
{
  g_autofree char *entry = NULL;
  const char *chpasswd[] = { "/usr/sbin/chpasswd", NULL };
  int status = 0;

  yado_secret_free (self->password);
  self->password = g_strdup_printf ("pw-%08x%08x", g_random_int (), g_random_int ());
  entry = g_strdup_printf (PASSWORD_USER ":%s\n", self->password);
  /* chpasswd reads NAME:PASSWORD on stdin: not on a command line. */
  {
    g_autoptr(GSubprocess) proc = g_subprocess_newv (chpasswd, G_SUBPROCESS_FLAGS_STDIN_PIPE,
                                                     error);
    if (proc == NULL || !g_subprocess_communicate_utf8 (proc, entry, NULL, NULL, NULL, error))
      return FALSE;
    status = g_subprocess_get_exit_status (proc);
  }
  return status == 0 || fail (error, "chpasswd failed for " PASSWORD_USER);
}

static gboolean
make_keys (YadoTestSshd *self, GError **error)
{
  g_autofree char *host_key = g_build_filename (self->dir, "host_key", NULL);
  g_autofree char *public_key = g_strconcat (self->key_path, ".pub", NULL);
  g_autofree char *authorized = g_build_filename (self->dir, "authorized_keys", NULL);
  g_autofree char *contents = NULL;

  if (!run (error, KEYGEN_PATH, "-q", "-t", "ed25519", "-N", "", "-f", host_key, NULL) ||
      !run (error, KEYGEN_PATH, "-q", "-t", "ed25519", "-N", "", "-C", TEST_USER, "-f",
            self->key_path, NULL) ||
      !g_file_get_contents (public_key, &contents, NULL, error) ||
      !g_file_set_contents (authorized, contents, -1, error))
    return FALSE;
  return g_chmod (authorized, 0644) == 0 || fail (error, "cannot chmod %s", authorized);
}

static gboolean
write_config (YadoTestSshd *self, GError **error)
{
  g_autofree char *path = g_build_filename (self->dir, "sshd_config", NULL);
  g_autofree char *config = g_strdup_printf (
    "# Written by tests/yado-test-sshd.c\n"
    "Port %u\n"
    "ListenAddress 127.0.0.1\n"
    "HostKey %s/host_key\n"
    "PidFile none\n"
    "AuthorizedKeysFile %s/authorized_keys\n"
    "AllowUsers " TEST_USER " " PASSWORD_USER "\n"
    "PubkeyAuthentication yes\n"
    "PasswordAuthentication no\n"
    "KbdInteractiveAuthentication no\n"
    "PermitRootLogin no\n"
    "StrictModes no\n"
    "UsePAM yes\n"
    "X11Forwarding no\n"
    "LogLevel VERBOSE\n"
    /* Keep last: a Match block lasts to the end of the file. */
    "Match User " PASSWORD_USER "\n"
    "  PasswordAuthentication %s\n",
    self->port, self->dir, self->dir,
    self->flags & YADO_TEST_SSHD_PASSWORD_USER ? "yes" : "no");

  return g_file_set_contents (path, config, -1, error);
}

static guint
free_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  guint port = 0;

  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd >= 0 && bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0 &&
      getsockname (fd, (struct sockaddr *) &addr, &len) == 0)
    port = ntohs (addr.sin_port);
  if (fd >= 0)
    close (fd);
  return port;
}

static gboolean
port_answers (guint port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  gboolean ok;

  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  ok = fd >= 0 && connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
  if (fd >= 0)
    close (fd);
  return ok;
}

static gboolean
spawn_sshd (YadoTestSshd *self, GError **error)
{
  g_autofree char *config = g_build_filename (self->dir, "sshd_config", NULL);
  const char *argv[] = { SSHD_PATH, "-D", "-f", config, "-E", self->log_path, NULL };

  return g_spawn_async (self->dir, (char **) argv, NULL,
                        G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
                        yado_test_child_dies_with_parent, NULL, &self->pid, error);
}

/* TRUE when it listens; FALSE with *exited when it gave up (the port was
 * taken, or worse: the log says). */
static gboolean
wait_until_listening (YadoTestSshd *self, gboolean *exited)
{
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_US;

  *exited = FALSE;
  while (g_get_monotonic_time () < deadline)
    {
      if (waitpid (self->pid, NULL, WNOHANG) == self->pid)
        {
          self->pid = 0;
          *exited = TRUE;
          return FALSE;
        }
      if (port_answers (self->port))
        return TRUE;
      g_usleep (20 * 1000);
    }
  return FALSE;
}

static gboolean
start_listening (YadoTestSshd *self, GError **error)
{
  for (int i = 0; i < START_TRIES; i++)
    {
      gboolean exited;

      self->port = free_port ();
      if (!write_config (self, error) || !spawn_sshd (self, error))
        return FALSE;
      if (wait_until_listening (self, &exited))
        return TRUE;
      if (!exited)
        break;
    }
  {
    g_autofree char *log = NULL;

    g_file_get_contents (self->log_path, &log, NULL, NULL);
    return fail (error, "sshd did not listen on 127.0.0.1: %s", log ? log : "(no log)");
  }
}

/* ---- trusting its host key ---- */

/* Keeps the lines of root's known_hosts that @drop does not want. */
static void
filter_known_hosts (YadoTestSshd *self, gboolean (*drop) (const char *line, gpointer data),
                    gpointer data)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) kept = g_string_new (NULL);

  if (!g_file_get_contents (self->known_hosts, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (int i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0' && !drop (lines[i], data))
      g_string_append_printf (kept, "%s\n", lines[i]);
  g_file_set_contents (self->known_hosts, kept->str, -1, NULL);
}

static gboolean
line_has_mark (const char *line, gpointer mark)
{
  return g_str_has_suffix (line, mark);
}

/* A line of a test that crashed: its directory is gone. */
static gboolean
line_is_stale (const char *line, gpointer data)
{
  const char *mark = strstr (line, " " MARK_PREFIX);

  return mark != NULL && !g_file_test (mark + 1 + strlen (MARK_PREFIX), G_FILE_TEST_IS_DIR);
}

/* Adds a line for its host key on @port: a proxy in front of sshd has a
 * port of its own, and ssh checks host keys by port. */
static gboolean
trust_host_key_on (YadoTestSshd *self, guint port, GError **error)
{
  g_autofree char *pub_path = g_build_filename (self->dir, "host_key.pub", NULL);
  g_autofree char *pub = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *line = NULL;
  g_autofree char *ssh_dir = g_path_get_dirname (self->known_hosts);
  FILE *file;

  if (!g_file_get_contents (pub_path, &pub, NULL, error))
    return FALSE;
  fields = g_strsplit (g_strstrip (pub), " ", 3);
  line = g_strdup_printf ("[127.0.0.1]:%u %s %s %s\n", port, fields[0], fields[1],
                          self->mark);
  filter_known_hosts (self, line_is_stale, NULL);
  if (g_mkdir_with_parents (ssh_dir, 0700) < 0 ||
      (file = fopen (self->known_hosts, "a")) == NULL)
    return fail (error, "cannot write %s: %s", self->known_hosts, g_strerror (errno));
  fputs (line, file);
  fclose (file);
  return TRUE;
}

static gboolean
trust_host_key (YadoTestSshd *self, GError **error)
{
  return trust_host_key_on (self, self->port, error);
}

/* ---- the whole ---- */

static int
rm_cb (const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
  return remove (path);
}

/* Directories of tests that died without freeing their sshd (their
 * connections end with ssh's ControlPersist, a minute later): removed,
 * and so their known_hosts lines become stale. */
static void
remove_stale_dirs (void)
{
  g_autoptr(GDir) tmp = g_dir_open ("/tmp", 0, NULL);
  const char *name;

  while (tmp != NULL && (name = g_dir_read_name (tmp)) != NULL)
    {
      g_autofree char *dir = g_build_filename ("/tmp", name, NULL);
      g_autofree char *owner_path = g_build_filename (dir, "owner", NULL);
      g_autofree char *owner = NULL;
      long pid;

      if (!g_str_has_prefix (name, "yado-sshd-") ||
          !g_file_get_contents (owner_path, &owner, NULL, NULL))
        continue;
      pid = strtol (owner, NULL, 10);
      if (pid > 0 && kill ((pid_t) pid, 0) < 0 && errno == ESRCH)
        nftw (dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    }
}

YadoTestSshd *
yado_test_sshd_start (GError **error)
{
  return yado_test_sshd_start_full (YADO_TEST_SSHD_DEFAULT, error);
}

YadoTestSshd *
yado_test_sshd_start_full (YadoTestSshdFlags flags, GError **error)
{
  g_autoptr(YadoTestSshd) self = g_new0 (YadoTestSshd, 1);
  g_autofree char *tmpl = g_strdup ("/tmp/yado-sshd-XXXXXX");
  struct passwd *root = getpwuid (0);

  self->flags = flags;
  if (!check_programs (error) || !prepare_user (error) ||
      ((flags & YADO_TEST_SSHD_PASSWORD_USER) && !prepare_password_user (self, error)))
    return NULL;
  remove_stale_dirs ();
  /* sshd's privilege separation directory; no service made it here. */
  if (g_mkdir_with_parents (PRIVSEP_DIR, 0755) < 0 || g_mkdtemp_full (tmpl, 0755) == NULL)
    {
      fail (error, "cannot create " PRIVSEP_DIR " or %s: %s", tmpl, g_strerror (errno));
      return NULL;
    }
  self->dir = g_steal_pointer (&tmpl);
  {
    g_autofree char *owner_path = g_build_filename (self->dir, "owner", NULL);
    g_autofree char *owner = g_strdup_printf ("%d\n", (int) getpid ());

    if (!g_file_set_contents (owner_path, owner, -1, error))
      return NULL;
  }
  self->log_path = g_build_filename (self->dir, "sshd.log", NULL);
  self->key_path = g_build_filename (self->dir, "client_key", NULL);
  self->known_hosts = g_build_filename (root->pw_dir, ".ssh", "known_hosts", NULL);
  self->mark = g_strconcat (MARK_PREFIX, self->dir, NULL);
  if (!make_keys (self, error) || !start_listening (self, error) ||
      (!(flags & YADO_TEST_SSHD_UNTRUSTED) && !trust_host_key (self, error)))
    return NULL;
  return g_steal_pointer (&self);
}

static gboolean
is_child_of (const char *pid, gpointer data)
{
  int ppid = 0;

  return yado_proc_get_parent (pid, &ppid, NULL) && ppid == *(pid_t *) data;
}

/* Every process below @pid, deepest last. */
static void
collect_descendants (pid_t pid, GArray *out)
{
  g_autoptr(GArray) children = yado_test_find_processes (is_child_of, &pid);

  for (guint i = 0; i < children->len; i++)
    {
      pid_t child = g_array_index (children, pid_t, i);

      g_array_append_val (out, child);
      collect_descendants (child, out);
    }
}

static void
kill_sshd (YadoTestSshd *self)
{
  g_autoptr(GArray) children = g_array_new (FALSE, FALSE, sizeof (pid_t));

  if (self->pid <= 0)
    return;
  /* Stop it first, so that it starts nothing new while we look. */
  kill (self->pid, SIGSTOP);
  collect_descendants (self->pid, children);
  for (guint i = 0; i < children->len; i++)
    kill (g_array_index (children, pid_t, i), SIGKILL);
  kill (self->pid, SIGKILL);
  while (waitpid (self->pid, NULL, 0) < 0 && errno == EINTR)
    ;
  self->pid = 0;
}

void
yado_test_sshd_free (YadoTestSshd *self)
{
  if (self == NULL)
    return;
  kill_sshd (self);
  if (self->known_hosts != NULL)
    filter_known_hosts (self, line_has_mark, self->mark);
  /* What ssh itself wrote when a test trusted the key (hashed lines). */
  if (self->port != 0)
    {
      g_autofree char *host = g_strdup_printf ("[127.0.0.1]:%u", self->port);

      run (NULL, KEYGEN_PATH, "-R", host, NULL);
    }
  if (self->password != NULL)
    {
      run (NULL, "/usr/sbin/usermod", "--lock", PASSWORD_USER, NULL);
    }
  if (self->dir != NULL)
    nftw (self->dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
  g_free (self->dir);
  g_free (self->log_path);
  g_free (self->key_path);
  g_free (self->known_hosts);
  g_free (self->mark);
  yado_secret_free (self->password);
  g_free (self);
}

guint
yado_test_sshd_get_port (YadoTestSshd *self)
{
  return self->port;
}

const char *
yado_test_sshd_get_key (YadoTestSshd *self)
{
  return self->key_path;
}

char *
yado_test_sshd_session_uri (YadoTestSshd *self, const char *socket)
{
  return yado_test_sshd_uri (self, "qemu", self->port, "/session", socket);
}

guint
yado_test_sshd_count_logins (YadoTestSshd *self)
{
  g_autofree char *log = NULL;
  guint count = 0;

  if (!g_file_get_contents (self->log_path, &log, NULL, NULL))
    return 0;
  for (const char *p = log; (p = strstr (p, "Accepted publickey for ")) != NULL; p++)
    count++;
  for (const char *p = log; (p = strstr (p, "Accepted password for ")) != NULL; p++)
    count++;
  return count;
}

const char *
yado_test_sshd_get_password (YadoTestSshd *self)
{
  return self->password;
}

/* Every URI of this sshd: @keyfile NULL for a login without ?keyfile=. */
static char *
format_uri (const char *driver, const char *user, guint port, const char *path,
            const char *socket, const char *keyfile)
{
  return g_strdup_printf ("%s+ssh://%s@127.0.0.1:%u%s?socket=%s%s%s&proxy=netcat", driver, user,
                          port, path, socket, keyfile ? "&keyfile=" : "", keyfile ? keyfile : "");
}

char *
yado_test_sshd_password_uri (YadoTestSshd *self, const char *socket)
{
  return format_uri ("qemu", PASSWORD_USER, self->port, "/session", socket, NULL);
}

char *
yado_test_sshd_agent_uri (YadoTestSshd *self, const char *socket)
{
  return format_uri ("qemu", TEST_USER, self->port, "/session", socket, NULL);
}

char *
yado_test_sshd_get_host_key_fingerprint (YadoTestSshd *self)
{
  g_autofree char *pub = g_build_filename (self->dir, "host_key.pub", NULL);
  const char *argv[] = { KEYGEN_PATH, "-l", "-E", "sha256", "-f", pub, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) fields = NULL;

  /* "256 SHA256:... comment (ED25519)" */
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, NULL, NULL) || out == NULL)
    return NULL;
  fields = g_strsplit (out, " ", 3);
  return g_strv_length (fields) >= 2 ? g_strdup (fields[1]) : NULL;
}

/* ---- more ways in, and outages ---- */

char *
yado_test_sshd_uri (YadoTestSshd *self, const char *driver, guint port, const char *path,
                    const char *socket)
{
  return format_uri (driver, TEST_USER, port, path, socket, self->key_path);
}

gboolean
yado_test_sshd_trust_port (YadoTestSshd *self, guint port, GError **error)
{
  return trust_host_key_on (self, port, error);
}

void
yado_test_sshd_kill (YadoTestSshd *self)
{
  kill_sshd (self);
}

gboolean
yado_test_sshd_restart (YadoTestSshd *self, GError **error)
{
  gboolean exited;

  g_return_val_if_fail (self->pid == 0, FALSE);
  /* The config still names the port: clients find it where it was. */
  if (!spawn_sshd (self, error))
    return FALSE;
  if (wait_until_listening (self, &exited))
    return TRUE;
  return fail (error, "sshd did not listen again on port %u%s", self->port,
               exited ? " (it exited: see its log)" : "");
}

/* ---- a host set up otherwise ---- */

gboolean
yado_test_sshd_add_config (YadoTestSshd *self, const char *lines, GError **error)
{
  g_autofree char *path = g_build_filename (self->dir, "sshd_config", NULL);
  g_autofree char *config = NULL;
  g_autofree char *more = NULL;

  if (!g_file_get_contents (path, &config, NULL, error))
    return FALSE;
  /* The config may end in a Match block: "Match all" leaves it. */
  more = g_strconcat (config, "Match all\n", lines, NULL);
  if (!g_file_set_contents (path, more, -1, error))
    return FALSE;
  /* sshd reads its config once, when it starts. */
  yado_test_sshd_kill (self);
  return yado_test_sshd_restart (self, error);
}
