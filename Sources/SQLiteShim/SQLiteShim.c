#include "SQLiteShim.h"
#include <sqlite3.h>

int iddesk_sqlite_memstatus_off(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
