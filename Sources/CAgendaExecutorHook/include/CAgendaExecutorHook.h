#ifndef C_AGENDA_EXECUTOR_HOOK_H
#define C_AGENDA_EXECUTOR_HOOK_H

/// Swift concurrency's global-enqueue hook (swift_task_enqueueGlobal_hook), set from C so that it works whether the
/// Swift runtime is linked statically (the symbol is then hidden, and NIO's dlsym lookup cannot find it) or
/// dynamically. `job` is an UnownedJob's pointer.
typedef void (*agenda_enqueue_original)(void *job);
typedef void (*agenda_enqueue_hook)(void *job, agenda_enqueue_original original);

/// Installs `hook` unless a hook is already set; returns 1 when installed.
int agenda_install_enqueue_global_hook(agenda_enqueue_hook hook);

#endif
