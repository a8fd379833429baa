/* A small C interface over libsepol's security server (test-only; libsepol is LGPL-2.1 and
 * linked statically into test_selinux_oracle alone). libsepol keeps one active policy in
 * globals, so one policy is loaded at a time. The calling pattern is libselinux's
 * audit2why.c: sepol_policydb_read -> sepol_set_policydb -> sepol_sidtab_init +
 * sepol_set_sidtab -> sepol_context_to_sid -> sepol_compute_av_reason. Written in C because
 * libsepol's conditional.h does not compile as C++. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Loads a binary policy; 0 on success, else -1 with a message in err. */
int so_load(const char* path, char* err, size_t errlen);
void so_unload(void);

int so_context_to_sid(const char* context, uint32_t* sid); /* 0 if valid */
int so_sid_to_context(uint32_t sid, char* buf, size_t len);

unsigned so_nclasses(void);
const char* so_class_name(unsigned value);               /* 1-based */
const char* so_perm_name(unsigned tclass, unsigned bit); /* NULL if the bit has no name */

/* sepol_compute_av_reason(); returns its rc. The reason bits speak of `requested`. */
int so_compute_av(uint32_t ssid, uint32_t tsid, uint16_t tclass, uint32_t requested,
                  uint32_t* allowed, uint32_t* reason);
/* sepol_transition_sid(); returns its rc. */
int so_transition_sid(uint32_t ssid, uint32_t tsid, uint16_t tclass, uint32_t* out);
/* sepol_change_sid() and sepol_member_sid(). */
int so_change_sid(uint32_t ssid, uint32_t tsid, uint16_t tclass, uint32_t* out);
int so_member_sid(uint32_t ssid, uint32_t tsid, uint16_t tclass, uint32_t* out);
/* sepol_validate_transition_reason_buffer(): 0 or -EPERM. */
int so_validate_transition(uint32_t oldsid, uint32_t newsid, uint32_t tasksid, uint16_t tclass);
/* Sets a boolean and re-evaluates the conditional rules; -1 if unknown. */
int so_set_bool(const char* name, int value);

/* The loaded (kernel, expanded) policy as line-based text for policydb_from_sepol():
 * malloc'd, the caller frees it. */
char* so_dump_policy(void);

#ifdef __cplusplus
}
#endif
