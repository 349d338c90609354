#ifndef IDDESK_CCURL_SHIM_H
#define IDDESK_CCURL_SHIM_H
#include <curl/curl.h>
#endif
