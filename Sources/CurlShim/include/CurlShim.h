// Fixed-argument wrappers over libcurl's variadic curl_easy_setopt and curl_easy_getinfo.
// Swift cannot call C variadic functions, so each argument type gets its own function.
#ifndef IDDESK_CURL_SHIM_H
#define IDDESK_CURL_SHIM_H

#include <curl/curl.h>

/// Sets an option whose argument is a long (flags, timeouts in seconds, enums).
CURLcode iddesk_curl_setopt_long(CURL *handle, CURLoption option, long value);
/// Sets an option whose argument is a NUL-terminated string; libcurl copies it.
CURLcode iddesk_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
/// Sets an option whose argument is an opaque pointer (user data for callbacks).
CURLcode iddesk_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
/// Sets an option whose argument is a string list (recipients); the list must outlive the transfer.
CURLcode iddesk_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
/// Sets an option whose argument is a curl_off_t (sizes in bytes).
CURLcode iddesk_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/// Sets the read callback (CURLOPT_READFUNCTION): supplies the message bytes for DATA.
CURLcode iddesk_curl_setopt_read_function(CURL *handle, curl_read_callback callback);
/// Sets the debug callback (CURLOPT_DEBUGFUNCTION): the only way to see the server's reply text.
CURLcode iddesk_curl_setopt_debug_function(CURL *handle, curl_debug_callback callback);
/// Reads a long-valued transfer fact (CURLINFO_RESPONSE_CODE, CURLINFO_NUM_CONNECTS).
CURLcode iddesk_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
/// Reads a string-valued transfer fact; the string belongs to the handle.
CURLcode iddesk_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value);

/// curl_version_info(CURLVERSION_NOW): CURLVERSION_NOW is a macro Swift cannot import.
const curl_version_info_data *iddesk_curl_version_info(void);
/// curl_global_init(CURL_GLOBAL_DEFAULT), for the same reason; first sets SIGPIPE to be ignored
/// for the whole process, since handles are made with CURLOPT_NOSIGNAL.
CURLcode iddesk_curl_global_init(void);

#endif
