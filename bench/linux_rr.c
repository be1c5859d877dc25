/* Linux's TCP doing what BM_TcpConnections does: connect, a 100-byte request, a 1 KB response,
 * close (the server closes first). One process per end, one exchange at a time, blocking
 * sockets. Every loop is bounded in count and in time.
 *
 *   linux_rr server ADDR PORT MAX_CONNECTIONS SECONDS
 *   linux_rr client ADDR PORT MAX_CONNECTIONS SECONDS   -> prints "<completed> <connections/s>"
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { kRequest = 100, kResponse = 1024 };

static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Reads until `want` bytes or end of stream; returns the bytes read, -1 on error. */
static long read_all(int fd, char* buf, long want) {
  long got = 0;
  while (got < want) {
    ssize_t n = read(fd, buf + got, (size_t)(want - got));
    if (n < 0) return -1;
    if (n == 0) break;
    got += n;
  }
  return got;
}

static int serve(struct sockaddr_in* addr, long max, double seconds) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(listener, (struct sockaddr*)addr, sizeof *addr) != 0 || listen(listener, 1024) != 0) {
    perror("linux_rr server");
    return 1;
  }
  /* accept() gives up after a second without a client, so the time bound holds. */
  struct timeval tick = {1, 0};
  setsockopt(listener, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof tick);
  char request[kRequest], response[kResponse];
  memset(response, 'r', sizeof response);
  const double end = seconds_now() + seconds;
  for (long i = 0; i < max && seconds_now() < end;) {
    int fd = accept(listener, NULL, NULL);
    if (fd < 0) continue;
    ++i;
    if (read_all(fd, request, kRequest) == kRequest) {
      if (write(fd, response, sizeof response) != (ssize_t)sizeof response) perror("write");
    }
    close(fd);
  }
  close(listener);
  return 0;
}

static int client(struct sockaddr_in* addr, long max, double seconds) {
  char request[kRequest], response[kResponse + 1];
  memset(request, 'q', sizeof request);
  const double start = seconds_now(), end = start + seconds;
  long completed = 0, failed = 0;
  while (completed < max && failed < 1000 && seconds_now() < end) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr*)addr, sizeof *addr) == 0 &&
        write(fd, request, sizeof request) == (ssize_t)sizeof request &&
        read_all(fd, response, sizeof response) == kResponse) {
      ++completed;
    } else {
      ++failed;
    }
    close(fd);
  }
  const double elapsed = seconds_now() - start;
  printf("%ld %.0f\n", completed, (double)completed / elapsed);
  return failed > 0 && completed == 0;
}

int main(int argc, char** argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: linux_rr server|client ADDR PORT MAX_CONNECTIONS SECONDS\n");
    return 2;
  }
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[3]))};
  if (inet_pton(AF_INET, argv[2], &addr.sin_addr) != 1) {
    fprintf(stderr, "linux_rr: bad address %s\n", argv[2]);
    return 2;
  }
  const long max = atol(argv[4]);
  const double seconds = atof(argv[5]);
  if (strcmp(argv[1], "server") == 0) return serve(&addr, max, seconds);
  if (strcmp(argv[1], "client") == 0) return client(&addr, max, seconds);
  fprintf(stderr, "linux_rr: unknown mode %s\n", argv[1]);
  return 2;
}
