/*
 * New TCP connections per second for tests/bench/dataplane.sh.
 *   connrate serve PORT              accept and close, forever
 *   connrate run ADDR PORT SECS K    K workers connect/close in a loop;
 *                                    prints completed connections/s
 * Clients close with RST (SO_LINGER 0) so no TIME_WAIT piles up.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in sa;
	struct linger lg = { 1, 0 };
	int one = 1, i, k, s, c;
	unsigned long *counts, total = 0;
	double end, secs;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	if (argc == 3 && strcmp(argv[1], "serve") == 0) {
		sa.sin_port = htons(atoi(argv[2]));
		s = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
		    listen(s, 4096) < 0) {
			perror("listen");
			return 1;
		}
		for (i = 0; i < 3; i++)
			if (fork() == 0)
				break;
		for (;;)
			if ((c = accept(s, NULL, NULL)) >= 0)
				close(c);
	}
	if (argc != 6 || strcmp(argv[1], "run") != 0)
		return 2;
	inet_pton(AF_INET, argv[2], &sa.sin_addr);
	sa.sin_port = htons(atoi(argv[3]));
	secs = atof(argv[4]);
	k = atoi(argv[5]);
	counts = mmap(NULL, sizeof(*counts) * k, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	end = now() + secs;
	for (i = 0; i < k; i++) {
		if (fork() != 0)
			continue;
		while (now() < end) {
			s = socket(AF_INET, SOCK_STREAM, 0);
			struct timeval tv = { 1, 0 };

			setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
			if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) == 0)
				counts[i]++;
			setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
			close(s);
		}
		_exit(0);
	}
	while (wait(NULL) > 0)
		;
	for (i = 0; i < k; i++)
		total += counts[i];
	printf("%.0f\n", total / secs);
	return 0;
}
