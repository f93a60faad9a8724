#include <sqlite3.h>
#include "CAgendaSQLite.h"

const void *agenda_column_blob(void *statement, int column, int *length) {
    sqlite3_stmt *s = (sqlite3_stmt *)statement;
    // sqlite3_column_blob first, then sqlite3_column_bytes: the order SQLite documents for a stable pointer.
    const void *bytes = sqlite3_column_blob(s, column);
    *length = bytes ? sqlite3_column_bytes(s, column) : 0;
    return bytes;
}

int agenda_bind_text(void *statement, int index, const char *text, int length) {
    return sqlite3_bind_text((sqlite3_stmt *)statement, index, text, length, SQLITE_TRANSIENT);
}

int agenda_bind_int64(void *statement, int index, long long value) {
    return sqlite3_bind_int64((sqlite3_stmt *)statement, index, value);
}

int agenda_bind_null(void *statement, int index) {
    return sqlite3_bind_null((sqlite3_stmt *)statement, index);
}

int agenda_parameter_count(void *statement) {
    return sqlite3_bind_parameter_count((sqlite3_stmt *)statement);
}

int agenda_run(void *statement, int *extended) {
    sqlite3_stmt *s = (sqlite3_stmt *)statement;
    int code = sqlite3_step(s);
    while (code == SQLITE_ROW) code = sqlite3_step(s);
    *extended = code == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode(sqlite3_db_handle(s));
    return code;
}

void agenda_reset(void *statement) {
    sqlite3_reset((sqlite3_stmt *)statement);
    sqlite3_clear_bindings((sqlite3_stmt *)statement);
}

const char *agenda_error_message(void *statement) {
    return sqlite3_errmsg(sqlite3_db_handle((sqlite3_stmt *)statement));
}
