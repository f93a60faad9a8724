#include "CAgendaExecutorHook.h"
#include <stddef.h>

extern agenda_enqueue_hook swift_task_enqueueGlobal_hook;

int agenda_install_enqueue_global_hook(agenda_enqueue_hook hook) {
    if (swift_task_enqueueGlobal_hook != NULL) return 0;
    swift_task_enqueueGlobal_hook = hook;
    return 1;
}
