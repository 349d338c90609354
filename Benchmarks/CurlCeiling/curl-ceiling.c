// Benchmarks/send's ceiling for any libcurl client: THREADS threads, each with one reused easy
// handle (one connection), send one letter COUNT/THREADS times each, a transaction per
// letter, the body from memory. Nothing else runs: no composing, no registry. What this
// reaches is the most a libcurl-based sender can reach on this machine.
//
//   curl-ceiling URL LETTER_FILE COUNT THREADS
#include <curl/curl.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct job { const char *url; const char *body; size_t size; int count; int failures; };
struct cursor { const char *body; size_t size; size_t offset; };

static size_t read_body(char *buffer, size_t size, size_t items, void *data) {
    struct cursor *c = data;
    size_t n = size * items, left = c->size - c->offset;
    if (n > left) n = left;
    memcpy(buffer, c->body + c->offset, n);
    c->offset += n;
    return n;
}

static void *sender(void *argument) {
    struct job *job = argument;
    CURL *handle = curl_easy_init();
    if (!handle) { job->failures = job->count; return NULL; }
    curl_easy_setopt(handle, CURLOPT_URL, job->url);
    curl_easy_setopt(handle, CURLOPT_MAIL_FROM, "<igot-desk@dopt.gov.in>");
    curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(handle, CURLOPT_READFUNCTION, read_body);
    /* As iddesk and any threaded libcurl program: no signals (SIGPIPE is ignored instead). */
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    for (int i = 0; i < job->count; i++) {
        char rcpt[64];
        snprintf(rcpt, sizeof rcpt, "<officer%d@nic.in>", i);
        struct curl_slist *to = curl_slist_append(NULL, rcpt);
        struct cursor c = { job->body, job->size, 0 };
        curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, to);
        curl_easy_setopt(handle, CURLOPT_READDATA, &c);
        curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, (curl_off_t)job->size);
        if (curl_easy_perform(handle) != CURLE_OK) job->failures++;
        curl_slist_free_all(to);
    }
    curl_easy_cleanup(handle);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: curl-ceiling URL LETTER_FILE COUNT THREADS\n"); return 2; }
    FILE *f = fopen(argv[2], "rb");
    if (!f) { perror(argv[2]); return 1; }
    static char body[1 << 20];
    size_t size = fread(body, 1, sizeof body, f);
    fclose(f);
    int count = atoi(argv[3]), threads = atoi(argv[4]);
    if (count < 1 || threads < 1 || threads > 64) { fprintf(stderr, "bad COUNT or THREADS\n"); return 2; }
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    pthread_t ids[64];
    struct job jobs[64];
    for (int t = 0; t < threads; t++) {
        jobs[t] = (struct job){ argv[1], body, size, count / threads + (t < count % threads), 0 };
        pthread_create(&ids[t], NULL, sender, &jobs[t]);
    }
    int failures = 0;
    for (int t = 0; t < threads; t++) { pthread_join(ids[t], NULL); failures += jobs[t].failures; }
    curl_global_cleanup();
    if (failures) { fprintf(stderr, "%d letters failed\n", failures); return 1; }
    return 0;
}
