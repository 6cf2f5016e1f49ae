/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What yado-askpass and Yado (YadoAskpassService) say over the askpass
 * socket. One question per connection:
 *
 *   yado-askpass → Yado: YADO_ASKPASS_MAGIC, the login
 *     ("user@host:port"), SSH_ASKPASS_PROMPT's value ("" when unset,
 *     "confirm", "none"), ssh's pid, and the prompt, each ended by a NUL
 *     byte; then it shuts its side down.
 *   Yado → yado-askpass: 'y' and the answer, or 'n' (no answer: the user
 *     cancelled or declined); then Yado closes.
 *
 * yado-askpass prints the answer and a newline and exits 0, or exits 1.
 */
#define YADO_ASKPASS_MAGIC        "yado-askpass-1"
#define YADO_ASKPASS_N_FIELDS     5
#define YADO_ASKPASS_MAX_REQUEST  (64 * 1024)
#define YADO_ASKPASS_ANSWER       'y'
#define YADO_ASKPASS_NO_ANSWER    'n'
