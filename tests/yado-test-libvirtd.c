/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A real session libvirtd for the live tests.
 *
 * What it does, exactly:
 *
 *  - The test must run as root: it creates (once, with useradd) the system
 *    user "yado-test" (home /var/lib/yado-test, shell /usr/sbin/nologin)
 *    and runs the daemon as that user, so the daemon is an ordinary
 *    unprivileged session daemon (qemu:///session) that cannot touch the
 *    host's system libvirt.
 *  - Each daemon gets a private directory /tmp/yado-libvirtd-XXXXXX (owned by
 *    yado-test, mode 0700). It is HOME and XDG_RUNTIME_DIR; config/, cache/
 *    and data/ under it are XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_DATA_HOME.
 *    So two daemons (two tests, or two developers' test runs on one machine)
 *    share nothing: not domains, not sockets, not logs. (One exception, for
 *    speed: libvirt's cache of QEMU capabilities; see copy_xml_files().)
 *    QEMU's log of a domain is DIR/cache/libvirt/qemu/log/NAME.log.
 *  - config/libvirt/libvirtd.conf gives the daemon its own host_uuid (live
 *    migration between two daemons on one host needs distinct ones) and
 *    sends warnings and errors to stderr, which goes to DIR/libvirtd.log.
 *  - The daemon is forked and exec'ed directly (setgroups + setgid + setuid
 *    in the child, then execve /usr/sbin/libvirtd in the foreground), so the
 *    pid we hold IS libvirtd: SIGKILL, SIGSTOP and SIGCONT hit the daemon
 *    itself, and waitpid reaps it. It gets PR_SET_PDEATHSIG(SIGKILL), so it
 *    dies with the test if the test crashes. (Linux sends that signal when
 *    the *thread* that forked it exits: call start/restart from the main
 *    thread, as GTest does.)
 *  - libvirtd spawns virtlogd by itself (session mode, socket in DIR/libvirt)
 *    and daemonizes the QEMU processes it starts; those outlive a killed
 *    libvirtd, and a restarted libvirtd reconnects to them. They are killed
 *    by yado_test_libvirtd_free(): every process of the user yado-test whose
 *    command line or environment names DIR (never other daemons' processes).
 *  - DIR/owner holds the test's pid. A test that crashed leaves its DIR
 *    behind; the next yado_test_libvirtd_start() kills the processes of any
 *    DIR whose owner is gone and removes it.
 *  - Root reaches the daemon at qemu+unix:///session?socket=DIR/libvirt/libvirt-sock
 *    (root passes the socket's 0700 permission; the daemon accepts it).
 */
#define _GNU_SOURCE /* memmem, setgroups, getgrouplist */
#include "yado-test-libvirtd.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libvirt/libvirt.h>

#define TEST_USER        "yado-test"
#define TEST_USER_HOME   "/var/lib/yado-test"
#define LIBVIRTD_PATH    "/usr/sbin/libvirtd"
#define VIRSH_PATH       "/usr/bin/virsh"
#define QEMU_PATH        "/usr/bin/qemu-system-x86_64"
#define DIR_PREFIX       "/tmp/yado-libvirtd-"
#define CAPS_SHARED_DIR  TEST_USER_HOME "/qemu-capabilities"
#define CAPS_SUBDIR      "cache/libvirt/qemu/cache/capabilities"
#define READY_TIMEOUT_US (20 * G_USEC_PER_SEC)
#define GUEST_IMAGE      "echo-boot.img"

struct _YadoTestLibvirtd {
  char   *dir;          /* HOME and XDG_RUNTIME_DIR of the daemon */
  char   *socket_path;
  char   *log_path;
  char   *uri;
  char  **envp;
  uid_t   uid;
  gid_t   gid;
  gid_t  *groups;
  int     n_groups;
  pid_t   parent_pid;
  GPid    pid;          /* libvirtd itself; 0 when not running */
};

enum {
  YADO_TEST_LIBVIRTD_ERROR_NOT_ROOT,
  YADO_TEST_LIBVIRTD_ERROR_MISSING,
  YADO_TEST_LIBVIRTD_ERROR_FAILED,
  YADO_TEST_LIBVIRTD_ERROR_TIMED_OUT,
};

static GQuark
yado_test_libvirtd_error_quark (void)
{
  return g_quark_from_static_string ("yado-test-libvirtd-error");
}
#define ERROR_DOMAIN (yado_test_libvirtd_error_quark ())

/* ---------------------------------------------------------------- helpers */

static int
rm_rf_cb (const char                 *path,
          G_GNUC_UNUSED const struct stat *sb,
          G_GNUC_UNUSED int                flag,
          G_GNUC_UNUSED struct FTW        *ftw)
{
  remove (path);
  return 0;
}

static void
rm_rf (const char *path)
{
  nftw (path, rm_rf_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/* The last lines of the daemon's log, for error messages. */
static char *
log_tail (const char *log_path)
{
  g_autofree char *text = NULL;
  size_t len;
  const char *start;
  int lines = 0;

  if (!log_path || !g_file_get_contents (log_path, &text, &len, NULL) || len == 0)
    return g_strdup ("(empty log)");
  start = text + len;
  while (start > text) {
    if (start[-1] == '\n' && start != text + len && ++lines == 15)
      break;
    start--;
  }
  return g_strdup (start);
}

static gboolean
buffer_names_dir (const char *buf, size_t len, const char *dir)
{
  size_t dlen = strlen (dir);

  for (const char *p = buf; p + dlen <= buf + len; p++) {
    p = memmem (p, (size_t) (buf + len - p), dir, dlen);
    if (!p)
      return FALSE;
    /* DIR itself or a path under it, not /tmp/yado-libvirtd-abcdefXYZ. */
    if (p + dlen == buf + len || p[dlen] == '/' || p[dlen] == '\0' ||
        p[dlen] == ',' || p[dlen] == '"')
      return TRUE;
  }
  return FALSE;
}

static gboolean
process_is_gone (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  const char *paren;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return TRUE;
  paren = strrchr (stat, ')');
  /* A zombie is as good as gone: its parent (init, for daemonized QEMU)
   * reaps it. */
  return paren && (paren[2] == 'Z' || paren[2] == 'X');
}

/* SIGKILLs every process of @uid whose command line or environment names
 * @dir, and waits (up to 10 s) until they are gone. */
static void
kill_dir_processes (uid_t uid, const char *dir)
{
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  GDir *proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  gint64 deadline;

  if (!proc)
    return;
  while ((name = g_dir_read_name (proc))) {
    g_autofree char *base = NULL;
    g_autofree char *path = NULL;
    g_autofree char *buf = NULL;
    gsize len;
    struct stat st;
    char *end;
    long pid = strtol (name, &end, 10);
    pid_t found = (pid_t) pid;

    if (*end || pid <= 1 || pid == getpid ())
      continue;
    base = g_strdup_printf ("/proc/%ld", pid);
    if (stat (base, &st) < 0 || st.st_uid != uid)
      continue;
    path = g_strconcat (base, "/cmdline", NULL);
    if (g_file_get_contents (path, &buf, &len, NULL) &&
        buffer_names_dir (buf, len, dir)) {
      g_array_append_val (pids, found);
      continue;
    }
    g_clear_pointer (&path, g_free);
    g_clear_pointer (&buf, g_free);
    path = g_strconcat (base, "/environ", NULL);
    if (g_file_get_contents (path, &buf, &len, NULL) &&
        buffer_names_dir (buf, len, dir))
      g_array_append_val (pids, found);
  }
  g_dir_close (proc);

  for (guint i = 0; i < pids->len; i++)
    kill (g_array_index (pids, pid_t, i), SIGKILL);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (guint i = 0; i < pids->len; i++) {
    pid_t pid = g_array_index (pids, pid_t, i);
    while (!process_is_gone (pid) && g_get_monotonic_time () < deadline)
      g_usleep (10 * 1000);
  }
}

/* Kills what is left of daemons whose test died without freeing them. */
static void
reap_stale_dirs (uid_t uid)
{
  glob_t g;

  if (glob (DIR_PREFIX "*", GLOB_ONLYDIR | GLOB_NOSORT, NULL, &g) != 0)
    return;
  for (size_t i = 0; i < g.gl_pathc; i++) {
    const char *dir = g.gl_pathv[i];
    g_autofree char *owner_path = g_build_filename (dir, "owner", NULL);
    g_autofree char *owner = NULL;
    long pid;

    /* No owner file: being created right now by another test; leave it. */
    if (!g_file_get_contents (owner_path, &owner, NULL, NULL))
      continue;
    pid = strtol (owner, NULL, 10);
    if (pid <= 0 || pid == getpid () || kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
      continue;
    kill_dir_processes (uid, dir);
    rm_rf (dir);
  }
  globfree (&g);
}

static gboolean
ensure_user (struct passwd **pw_out, GError **error)
{
  struct passwd *pw = getpwnam (TEST_USER);

  if (!pw) {
    const char *argv[] = {
      "useradd", "--system", "--create-home", "--home-dir", TEST_USER_HOME,
      "--shell", "/usr/sbin/nologin", TEST_USER, NULL
    };
    g_autofree char *err = NULL;
    int status = 0;
    g_autoptr(GError) local = NULL;

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                       G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                       &status, &local)) {
      g_set_error (error, ERROR_DOMAIN, YADO_TEST_LIBVIRTD_ERROR_MISSING,
                   "cannot run useradd to create the user " TEST_USER ": %s",
                   local->message);
      return FALSE;
    }
    /* Another test may have created it at the same time: look again. */
    pw = getpwnam (TEST_USER);
    if (!pw) {
      g_set_error (error, ERROR_DOMAIN, YADO_TEST_LIBVIRTD_ERROR_FAILED,
                   "useradd could not create the user " TEST_USER ": %s",
                   err ? err : "");
      return FALSE;
    }
  }

  if (g_mkdir_with_parents (pw->pw_dir, 0750) < 0 ||
      chown (pw->pw_dir, pw->pw_uid, pw->pw_gid) < 0) {
    g_set_error (error, ERROR_DOMAIN, YADO_TEST_LIBVIRTD_ERROR_FAILED,
                 "cannot set up %s, the home of " TEST_USER ": %s",
                 pw->pw_dir, g_strerror (errno));
    return FALSE;
  }
  *pw_out = pw;
  return TRUE;
}

static gboolean
make_owned_dir (YadoTestLibvirtd *self, const char *path, GError **error)
{
  if ((g_mkdir_with_parents (path, 0700) < 0 && errno != EEXIST) ||
      chown (path, self->uid, self->gid) < 0 || chmod (path, 0700) < 0) {
    g_set_error (error, ERROR_DOMAIN, YADO_TEST_LIBVIRTD_ERROR_FAILED,
                 "cannot create %s: %s", path, g_strerror (errno));
    return FALSE;
  }
  return TRUE;
}

static gboolean
write_owned_file (YadoTestLibvirtd *self, const char *path,
                  const char *contents, gssize length, GError **error)
{
  if (!g_file_set_contents (path, contents, length, error))
    return FALSE;
  if (chown (path, self->uid, self->gid) < 0 || chmod (path, 0600) < 0) {
    g_set_error (error, ERROR_DOMAIN, YADO_TEST_LIBVIRTD_ERROR_FAILED,
                 "cannot hand %s to " TEST_USER ": %s", path, g_strerror (errno));
    return FALSE;
  }
  return TRUE;
}

/* libvirt probes every QEMU binary (qemu-system-x86_64 and -i386 here) the
 * first time a daemon needs the host's capabilities, and caches the result
 * under XDG_CACHE_HOME: about 2 s on a fresh cache. The daemons share
 * nothing else, but their capabilities cache is kept in CAPS_SHARED_DIR and
 * copied in at start and back at free. libvirt checks each cached file
 * against the binary, its own version and the kernel, and probes again when
 * it is stale, so a stale copy costs time, never correctness. */
static void
copy_xml_files (const char *from, const char *to, uid_t uid, gid_t gid)
{
  GDir *dir = g_dir_open (from, 0, NULL);
  const char *name;

  if (!dir)
    return;
  while ((name = g_dir_read_name (dir))) {
    g_autofree char *src = NULL;
    g_autofree char *dst = NULL;
    g_autofree char *contents = NULL;
    gsize len;

    if (!g_str_has_suffix (name, ".xml"))
      continue;
    src = g_build_filename (from, name, NULL);
    dst = g_build_filename (to, name, NULL);
    if (!g_file_get_contents (src, &contents, &len, NULL) ||
        !g_file_set_contents (dst, contents, (gssize) len, NULL))
      continue;
    if (chown (dst, uid, gid) < 0 || chmod (dst, 0644) < 0) {
      /* a copy the daemon cannot read is only probed again */
    }
  }
  g_dir_close (dir);
}

/* ------------------------------------------------------- the daemon itself */

/* Runs in the child between fork and exec: only async-signal-safe calls. */
static void
child_setup (gpointer data)
{
  YadoTestLibvirtd *self = data;
  static const char msg[] = "yado-test-libvirtd: cannot drop to user " TEST_USER "\n";

  if (setgroups ((size_t) self->n_groups, self->groups) < 0 ||
      setgid (self->gid) < 0 || setuid (self->uid) < 0) {
    if (write (STDERR_FILENO, msg, sizeof msg - 1) < 0) {
      /* nothing more to say */
    }
    _exit (126);
  }
  /* After setuid: a change of credentials clears it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != self->parent_pid)
    _exit (126);
}

static gboolean
spawn_daemon (YadoTestLibvirtd *self, GError **error)
{
  const char *argv[] = { LIBVIRTD_PATH, NULL };
  int log_fd;
  gboolean ok;

  g_return_val_if_fail (self->pid == 0, FALSE);

  /* A stale socket from a killed daemon would make the wait below think the
   * new one is listening; libvirtd replaces it anyway. */
  unlink (self->socket_path);

  log_fd = open (self->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    g_set_error (error, ERROR_DOMAIN, YADO_TEST_LIBVIRTD_ERROR_FAILED,
                 "cannot open %s: %s", self->log_path, g_strerror (errno));
    return FALSE;
  }
  self->parent_pid = getpid ();
  ok = g_spawn_async_with_pipes_and_fds (self->dir, argv, (const char * const *) self->envp,
                                         G_SPAWN_DO_NOT_REAP_CHILD |
                                         G_SPAWN_STDIN_FROM_DEV_NULL,
                                         child_setup, self,
                                         -1, log_fd, log_fd,
                                         NULL, NULL, 0,
                                         &self->pid, NULL, NULL, NULL, error);
  close (log_fd);
  if (!ok)
    self->pid = 0;
  return ok;
}

static gboolean
wait_until_ready (YadoTestLibvirtd *self, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_US;

  while (g_get_monotonic_time () < deadline) {
    int status;
    pid_t r = waitpid (self->pid, &status, WNOHANG);

    if (r == self->pid) {
      g_autofree char *tail = log_tail (self->log_path);
      self->pid = 0;
      g_set_error (error, ERROR_DOMAIN, YADO_TEST_LIBVIRTD_ERROR_FAILED,
                   "libvirtd exited at start (%s %d); end of %s:\n%s",
                   WIFEXITED (status) ? "status" : "signal",
                   WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status),
                   self->log_path, tail);
      return FALSE;
    }
    /* Only try to connect once the socket is there, so that the polling
     * does not print a libvirt error per try. */
    if (g_file_test (self->socket_path, G_FILE_TEST_EXISTS)) {
      virConnectPtr conn = virConnectOpen (self->uri);
      if (conn) {
        virConnectClose (conn);
        return TRUE;
      }
    }
    g_usleep (20 * 1000);
  }

  {
    g_autofree char *tail = log_tail (self->log_path);
    yado_test_libvirtd_kill (self);
    g_set_error (error, ERROR_DOMAIN, YADO_TEST_LIBVIRTD_ERROR_TIMED_OUT,
                 "libvirtd did not answer at %s within %d s; end of %s:\n%s",
                 self->uri, (int) (READY_TIMEOUT_US / G_USEC_PER_SEC),
                 self->log_path, tail);
  }
  return FALSE;
}

static gboolean
check_programs (GError **error)
{
  static const struct { const char *path, *package; } programs[] = {
    { LIBVIRTD_PATH, "libvirt-daemon" },
    { VIRSH_PATH, "libvirt-clients" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (programs); i++) {
    if (!g_file_test (programs[i].path, G_FILE_TEST_IS_EXECUTABLE)) {
      g_set_error (error, ERROR_DOMAIN, YADO_TEST_LIBVIRTD_ERROR_MISSING,
                   "%s not found: install %s", programs[i].path, programs[i].package);
      return FALSE;
    }
  }
  /* libvirtd looks for it in PATH, which we set to the system directories. */
  if (!g_file_test (QEMU_PATH, G_FILE_TEST_IS_EXECUTABLE)) {
    g_set_error (error, ERROR_DOMAIN, YADO_TEST_LIBVIRTD_ERROR_MISSING,
                 "qemu-system-x86_64 not found: install qemu-system-x86");
    return FALSE;
  }
  return TRUE;
}

YadoTestLibvirtd *
yado_test_libvirtd_start (GError **error)
{
  g_autoptr(YadoTestLibvirtd) self = NULL;
  struct passwd *pw = NULL;
  g_autofree char *tmpl = NULL;
  g_autofree char *config_libvirt = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *conf_path = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *owner_path = NULL;
  g_autofree char *host_uuid = NULL;
  const char *subdirs[] = { "config", "cache", "data" };
  int n_groups = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (geteuid () != 0) {
    g_set_error (error, ERROR_DOMAIN, YADO_TEST_LIBVIRTD_ERROR_NOT_ROOT,
                 "live tests must run as root: they create the user " TEST_USER);
    return NULL;
  }
  if (!check_programs (error) || !ensure_user (&pw, error))
    return NULL;

  self = g_new0 (YadoTestLibvirtd, 1);
  self->uid = pw->pw_uid;
  self->gid = pw->pw_gid;
  /* Resolve the supplementary groups now: initgroups is not safe between
   * fork and exec. */
  getgrouplist (TEST_USER, self->gid, NULL, &n_groups);
  self->groups = g_new0 (gid_t, MAX (n_groups, 1));
  self->n_groups = MAX (n_groups, 1);
  if (getgrouplist (TEST_USER, self->gid, self->groups, &self->n_groups) < 0) {
    self->groups[0] = self->gid;
    self->n_groups = 1;
  }

  reap_stale_dirs (self->uid);

  tmpl = g_strdup (DIR_PREFIX "XXXXXX");
  if (!g_mkdtemp_full (tmpl, 0700)) {
    g_set_error (error, ERROR_DOMAIN, YADO_TEST_LIBVIRTD_ERROR_FAILED,
                 "cannot create %s: %s", tmpl, g_strerror (errno));
    return NULL;
  }
  self->dir = g_steal_pointer (&tmpl);

  owner_path = g_build_filename (self->dir, "owner", NULL);
  owner = g_strdup_printf ("%d\n", (int) getpid ());
  if (!g_file_set_contents (owner_path, owner, -1, error))
    return NULL;

  if (!make_owned_dir (self, self->dir, error))
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (subdirs); i++) {
    g_autofree char *sub = g_build_filename (self->dir, subdirs[i], NULL);
    if (!make_owned_dir (self, sub, error))
      return NULL;
  }
  config_libvirt = g_build_filename (self->dir, "config", "libvirt", NULL);
  if (!make_owned_dir (self, config_libvirt, error))
    return NULL;
  {
    static const char *caps_path[] = { "libvirt", "qemu", "cache", "capabilities" };
    g_autofree char *path = g_build_filename (self->dir, "cache", NULL);

    for (gsize i = 0; i < G_N_ELEMENTS (caps_path); i++) {
      char *next = g_build_filename (path, caps_path[i], NULL);
      g_free (path);
      path = next;
      if (!make_owned_dir (self, path, error))
        return NULL;
    }
    copy_xml_files (CAPS_SHARED_DIR, path, self->uid, self->gid);
  }

  host_uuid = g_uuid_string_random ();
  conf = g_strdup_printf ("# Written by yado-test-libvirtd.c\n"
                          "host_uuid = \"%s\"\n"
                          "log_outputs = \"3:stderr\"\n",
                          host_uuid);
  conf_path = g_build_filename (config_libvirt, "libvirtd.conf", NULL);
  if (!write_owned_file (self, conf_path, conf, -1, error))
    return NULL;

  self->socket_path = g_build_filename (self->dir, "libvirt", "libvirt-sock", NULL);
  self->log_path = g_build_filename (self->dir, "libvirtd.log", NULL);
  self->uri = g_strdup_printf ("qemu+unix:///session?socket=%s", self->socket_path);

  {
    GPtrArray *env = g_ptr_array_new ();
    g_ptr_array_add (env, g_strdup ("PATH=/usr/sbin:/usr/bin:/sbin:/bin"));
    g_ptr_array_add (env, g_strdup ("LANG=C.UTF-8"));
    g_ptr_array_add (env, g_strdup ("USER=" TEST_USER));
    g_ptr_array_add (env, g_strdup ("LOGNAME=" TEST_USER));
    g_ptr_array_add (env, g_strdup_printf ("HOME=%s", self->dir));
    g_ptr_array_add (env, g_strdup_printf ("XDG_RUNTIME_DIR=%s", self->dir));
    g_ptr_array_add (env, g_strdup_printf ("XDG_CONFIG_HOME=%s/config", self->dir));
    g_ptr_array_add (env, g_strdup_printf ("XDG_CACHE_HOME=%s/cache", self->dir));
    g_ptr_array_add (env, g_strdup_printf ("XDG_DATA_HOME=%s/data", self->dir));
    g_ptr_array_add (env, NULL);
    self->envp = (char **) g_ptr_array_free (env, FALSE);
  }

  if (!spawn_daemon (self, error) || !wait_until_ready (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
yado_test_libvirtd_free (YadoTestLibvirtd *self)
{
  if (!self)
    return;
  yado_test_libvirtd_kill (self);
  if (self->dir) {
    g_autofree char *caps = g_build_filename (self->dir, CAPS_SUBDIR, NULL);

    kill_dir_processes (self->uid, self->dir);
    if (g_mkdir_with_parents (CAPS_SHARED_DIR, 0755) == 0)
      copy_xml_files (caps, CAPS_SHARED_DIR, 0, 0);
    rm_rf (self->dir);
  }
  g_free (self->dir);
  g_free (self->socket_path);
  g_free (self->log_path);
  g_free (self->uri);
  g_strfreev (self->envp);
  g_free (self->groups);
  g_free (self);
}

const char *
yado_test_libvirtd_get_uri (YadoTestLibvirtd *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->uri;
}

const char *
yado_test_libvirtd_get_socket_path (YadoTestLibvirtd *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->socket_path;
}

GPid
yado_test_libvirtd_get_pid (YadoTestLibvirtd *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->pid;
}

void
yado_test_libvirtd_kill (YadoTestLibvirtd *self)
{
  g_return_if_fail (self != NULL);
  if (self->pid <= 0)
    return;
  kill (self->pid, SIGKILL);
  while (waitpid (self->pid, NULL, 0) < 0 && errno == EINTR)
    ;
  self->pid = 0;
}

gboolean
yado_test_libvirtd_restart (YadoTestLibvirtd *self, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  yado_test_libvirtd_kill (self);
  return spawn_daemon (self, error) && wait_until_ready (self, error);
}

void
yado_test_libvirtd_stop_process (YadoTestLibvirtd *self)
{
  g_return_if_fail (self != NULL);
  if (self->pid > 0)
    kill (self->pid, SIGSTOP);
}

void
yado_test_libvirtd_cont_process (YadoTestLibvirtd *self)
{
  g_return_if_fail (self != NULL);
  if (self->pid > 0)
    kill (self->pid, SIGCONT);
}

char *
yado_test_libvirtd_virsh (YadoTestLibvirtd *self, GError **error, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cmdline = NULL;
  g_autoptr(GError) local = NULL;
  int wait_status = 0;
  const char *arg;
  va_list ap;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_ptr_array_add (argv, g_strdup (VIRSH_PATH));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup (self->uri));
  va_start (ap, error);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  cmdline = g_strjoinv (" ", (char **) argv->pdata + 3);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                     G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                     &out, &err, &wait_status, error))
    return NULL;
  if (!g_spawn_check_wait_status (wait_status, &local)) {
    g_set_error (error, ERROR_DOMAIN, YADO_TEST_LIBVIRTD_ERROR_FAILED,
                 "virsh %s: %s: %s", cmdline, local->message,
                 err && *err ? g_strstrip (err) : "(no message)");
    return NULL;
  }
  return g_steal_pointer (&out);
}

char *
yado_test_libvirtd_virsh_or_fail (YadoTestLibvirtd *daemon, const char *arg1, const char *arg2)
{
  g_autoptr(GError) error = NULL;
  char *out = yado_test_libvirtd_virsh (daemon, &error, arg1, arg2, NULL);

  if (out == NULL)
    g_error ("%s", error->message);
  return out;
}

/* Writes @contents to @name in the daemon's directory, for the daemon's
 * user alone; returns its path, or fails the test. */
static char *
write_dir_file_or_fail (YadoTestLibvirtd *self, const char *name,
                        const char *contents, gssize length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (self->dir, name, NULL);

  if (!write_owned_file (self, path, contents, length, &error))
    g_error ("%s", error->message);
  return path;
}

/* The test guest's disk (tests/guest/echo-boot.S, built into the build
 * tree), copied where QEMU, running as TEST_USER, can read it: the build
 * tree may be closed to that user. */
static char *
copy_guest_disk (YadoTestLibvirtd *self)
{
  const char *build_root = g_getenv ("YADO_BUILD_ROOT");
  g_autofree char *image = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_nonnull (build_root);
  image = g_build_filename (build_root, "tests", "guest", GUEST_IMAGE, NULL);
  if (!g_file_get_contents (image, &contents, &length, &error))
    g_error ("the test guest's disk is missing (ninja -C %s builds it): %s",
             build_root, error->message);
  return write_dir_file_or_fail (self, GUEST_IMAGE, contents, (gssize) length);
}

void
yado_test_libvirtd_define_live_vm (YadoTestLibvirtd *daemon)
{
  const char *root = g_getenv ("YADO_SOURCE_ROOT");
  g_autofree char *template_path = NULL;
  g_autofree char *disk = NULL;
  g_autofree char *xml_path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GString) xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *template = NULL;

  g_assert_nonnull (root);
  template_path = g_build_filename (root, "tests", "data", "live-vm.xml", NULL);
  if (!g_file_get_contents (template_path, &template, NULL, &error))
    g_error ("%s", error->message);
  xml = g_string_new (template);
  disk = copy_guest_disk (daemon);
  g_assert_cmpuint (g_string_replace (xml, "@GUEST_DISK@", disk, 0), ==, 1);
  xml_path = write_dir_file_or_fail (daemon, "live-vm.xml", xml->str, -1);
  out = yado_test_libvirtd_virsh_or_fail (daemon, "define", xml_path);
}
