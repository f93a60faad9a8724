#include <sqlite3.h>
#include "CAgendaSQLite.h"

const void *agenda_column_blob(void *statement, int column, int *length) {
    sqlite3_stmt *s = (sqlite3_stmt *)statement;
    // sqlite3_column_blob first, then sqlite3_column_bytes: the order SQLite documents for a stable pointer.
    const void *bytes = sqlite3_column_blob(s, column);
    *length = bytes ? sqlite3_column_bytes(s, column) : 0;
    return bytes;
}
