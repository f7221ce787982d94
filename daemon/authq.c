/*
 * Login secrets checked off the loop: a type 9 (scrypt) check costs about
 * 6 ms, and the loop also carries the packet path (NFQUEUE verdicts), so
 * the vtys (telnet and SSH) hand each check to one worker thread.  A job
 * carries copies of the stored secret and of the typed password (the
 * configuration may change meanwhile; the worker never reads it); the
 * answer comes back to the loop through a pipe and its callback runs
 * there.  A job whose session went away is cancelled: its callback is not
 * called.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "daemon/daemon.h"
#include "mgmt/mgmt.h"

struct authq_job {
	struct authq_job *next;
	struct mgmt_user user; /* login local: a copy */
	struct mgmt_line line; /* else the line password */
	bool local;
	char *pw;
	bool ok;
	bool cancelled; /* loop only */
	void (*done)(void *arg, bool ok);
	void *arg;
};

struct authq {
	pthread_t thr;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct authq_job *head, **tail; /* to check */
	bool stop;
	int pipe[2]; /* worker -> loop: job pointers */
	struct event *ev;
};

static void
job_free(struct authq_job *j)
{
	if (j->pw != NULL) {
		explicit_bzero(j->pw, strlen(j->pw));
		free(j->pw);
	}
	free(j->user.value);
	free(j->line.password);
	free(j);
}

static void *
worker(void *arg)
{
	struct authq *q = arg;
	struct authq_job *j;
	ssize_t n;

	for (;;) {
		pthread_mutex_lock(&q->mu);
		while (q->head == NULL && !q->stop)
			pthread_cond_wait(&q->cv, &q->mu);
		if (q->head == NULL) {
			pthread_mutex_unlock(&q->mu);
			return NULL;
		}
		j = q->head;
		if ((q->head = j->next) == NULL)
			q->tail = &q->head;
		pthread_mutex_unlock(&q->mu);
		j->ok = j->local ? mgmt_user_check(&j->user, j->pw) :
				   mgmt_line_check(&j->line, j->pw);
		do
			n = write(q->pipe[1], &j, sizeof(j));
		while (n < 0 && errno == EINTR);
	}
}

/* In the loop: the answers. */
static void
answers(evutil_socket_t fd, short what, void *arg)
{
	struct authq_job *js[64];
	ssize_t n;
	size_t i;

	while ((n = read(fd, js, sizeof(js))) > 0)
		for (i = 0; i < (size_t)n / sizeof(js[0]); i++) {
			if (!js[i]->cancelled)
				js[i]->done(js[i]->arg, js[i]->ok);
			job_free(js[i]);
		}
}

int
authq_start(struct event_base *evb, struct authq **out)
{
	struct authq *q;
	int rc;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return -ENOMEM;
	q->tail = &q->head;
	if (pipe2(q->pipe, O_CLOEXEC) < 0) {
		rc = -errno;
		free(q);
		return rc;
	}
	/* Writes of one pointer are atomic; the loop's end never blocks. */
	fcntl(q->pipe[0], F_SETFL, O_NONBLOCK);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	if ((q->ev = event_new(evb, q->pipe[0], EV_READ | EV_PERSIST, answers,
		 q)) == NULL ||
	    event_add(q->ev, NULL) < 0) {
		rc = -ENOMEM;
		goto fail;
	}
	if ((rc = pthread_create(&q->thr, NULL, worker, q)) != 0) {
		rc = -rc;
		goto fail;
	}
	*out = q;
	return 0;
fail:
	if (q->ev != NULL)
		event_free(q->ev);
	close(q->pipe[0]);
	close(q->pipe[1]);
	free(q);
	return rc;
}

void
authq_stop(struct authq *q)
{
	struct authq_job *j;

	if (q == NULL)
		return;
	pthread_mutex_lock(&q->mu);
	q->stop = true;
	while ((j = q->head) != NULL) {
		q->head = j->next;
		job_free(j);
	}
	q->tail = &q->head;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thr, NULL);
	event_free(q->ev);
	/* Answers not read yet: their sessions are gone with the loop. */
	{
		struct authq_job *js[64];
		ssize_t n;
		size_t i;

		while ((n = read(q->pipe[0], js, sizeof(js))) > 0)
			for (i = 0; i < (size_t)n / sizeof(js[0]); i++)
				job_free(js[i]);
	}
	close(q->pipe[0]);
	close(q->pipe[1]);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
	free(q);
}

int
authq_check(struct authq *q, const struct mgmt_user *u,
    const struct mgmt_line *l, const char *pw, void (*done)(void *, bool),
    void *arg, struct authq_job **jobp)
{
	struct authq_job *j;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return -ENOMEM;
	if (u != NULL) {
		j->local = true;
		j->user = *u;
		j->user.name = NULL;
		j->user.value = u->value != NULL ? strdup(u->value) : NULL;
		if (u->value != NULL && j->user.value == NULL)
			goto nomem;
	} else {
		j->line = *l;
		j->line.password = l->password != NULL ? strdup(l->password) :
							 NULL;
		if (l->password != NULL && j->line.password == NULL)
			goto nomem;
	}
	if ((j->pw = strdup(pw)) == NULL)
		goto nomem;
	j->done = done;
	j->arg = arg;
	pthread_mutex_lock(&q->mu);
	*q->tail = j;
	q->tail = &j->next;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	*jobp = j;
	return 0;
nomem:
	job_free(j);
	return -ENOMEM;
}

void
authq_cancel(struct authq_job *j)
{
	if (j != NULL)
		j->cancelled = true;
}
