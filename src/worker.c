/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The worker: one thread that takes jobs in order from a queue under a
 * mutex, and an ev_async that wakes the loop to run the done functions
 * of the jobs it finished, also in order.  The thread starts with the
 * first job.  At shutdown the queue is drained: the jobs still waiting
 * are run, and their done functions too, so nothing is leaked.
 */

#include <sys/queue.h>

#include <pthread.h>
#include <stdlib.h>

#include <ev.h>

#include "log.h"
#include "worker.h"
#include "xmalloc.h"

struct job {
	worker_fn		 work;
	worker_fn		 done;
	void			*arg;
	TAILQ_ENTRY(job)	 entry;
};
TAILQ_HEAD(jobs, job);

static pthread_mutex_t	 worker_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 worker_cond = PTHREAD_COND_INITIALIZER;
static struct jobs	 worker_todo = TAILQ_HEAD_INITIALIZER(worker_todo);
static struct jobs	 worker_done = TAILQ_HEAD_INITIALIZER(worker_done);
static pthread_t	 worker_thread;
static int		 worker_running, worker_stop;
static unsigned		 worker_count;	/* submitted, not yet done */
static ev_async		 worker_async;

static void *
worker_main(void *arg)
{
	struct job	*j;

	pthread_mutex_lock(&worker_lock);
	for (;;) {
		while (TAILQ_EMPTY(&worker_todo) && !worker_stop)
			pthread_cond_wait(&worker_cond, &worker_lock);
		if ((j = TAILQ_FIRST(&worker_todo)) == NULL)
			break;
		TAILQ_REMOVE(&worker_todo, j, entry);
		pthread_mutex_unlock(&worker_lock);
		j->work(j->arg);
		pthread_mutex_lock(&worker_lock);
		TAILQ_INSERT_TAIL(&worker_done, j, entry);
		ev_async_send(EV_DEFAULT, &worker_async);
	}
	pthread_mutex_unlock(&worker_lock);
	return (NULL);
}

/* On the loop: the done functions of the finished jobs. */
static void
worker_async_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct jobs	 done = TAILQ_HEAD_INITIALIZER(done);
	struct job	*j;

	pthread_mutex_lock(&worker_lock);
	TAILQ_CONCAT(&done, &worker_done, entry);
	pthread_mutex_unlock(&worker_lock);
	while ((j = TAILQ_FIRST(&done)) != NULL) {
		TAILQ_REMOVE(&done, j, entry);
		worker_count--;
		j->done(j->arg);
		free(j);
	}
}

void
worker_init(void)
{
	ev_async_init(&worker_async, worker_async_cb);
	ev_async_start(EV_DEFAULT, &worker_async);
	ev_unref(EV_DEFAULT);	/* The worker alone keeps no loop. */
}

/* Run work(arg) on the worker, then done(arg) on the loop. */
void
worker_submit(worker_fn work, worker_fn done, void *arg)
{
	struct job	*j;
	int		 error;

	j = xmalloc(sizeof *j);
	j->work = work;
	j->done = done;
	j->arg = arg;
	pthread_mutex_lock(&worker_lock);
	if (!worker_running) {
		if ((error = pthread_create(&worker_thread, NULL, worker_main,
		    NULL)) != 0)
			fatalx("worker thread: error %d", error);
		worker_running = 1;
	}
	TAILQ_INSERT_TAIL(&worker_todo, j, entry);
	worker_count++;
	pthread_cond_signal(&worker_cond);
	pthread_mutex_unlock(&worker_lock);
}

/* Jobs submitted whose done function has not run yet. */
unsigned
worker_pending(void)
{
	return (worker_count);
}

/* Finish every job, done functions included, and stop the thread. */
void
worker_shutdown(void)
{
	if (worker_running) {
		pthread_mutex_lock(&worker_lock);
		worker_stop = 1;
		pthread_cond_signal(&worker_cond);
		pthread_mutex_unlock(&worker_lock);
		pthread_join(worker_thread, NULL);
		worker_running = 0;
		worker_stop = 0;
	}
	worker_async_cb(EV_DEFAULT, &worker_async, 0);
}
