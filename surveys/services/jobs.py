"""Long survey work in the background, with progress a page can show.

A page (or command) creates a `SurveyJob` and queues `run_survey_job`; the task calls the work
registered for the job's kind, which reports progress through `JobProgress` and returns what it did.
In the demo and in tests tasks run at once, so the job is finished by the time the page redirects.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from surveys.models import SurveyJob

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 500  # rows or packets between saves of the progress


@dataclass
class JobOutcome:
    """What a job did: a one-line summary, the problems that refused it, a file it built."""

    summary: str = ""
    errors: list[tuple[int, str]] = field(default_factory=list)
    output: bytes | None = None
    output_name: str = ""


class JobProgress:
    """Counts work done and saves it on the job now and then (not at every row)."""

    def __init__(self, job: SurveyJob):
        self.job = job
        self.unsaved = 0

    def total(self, total: int) -> None:
        SurveyJob.objects.filter(pk=self.job.pk).update(total=total)

    def __call__(self, done: int = 1) -> None:
        self.job.done += done
        self.unsaved += done
        if self.unsaved >= PROGRESS_EVERY:
            self.unsaved = 0
            SurveyJob.objects.filter(pk=self.job.pk).update(done=self.job.done)


WORK: dict[str, Callable[[SurveyJob, JobProgress], JobOutcome]] = {}


def job_work(kind: str):
    """Register the function that does a kind of job."""

    def register(function):
        WORK[kind] = function
        return function

    return register


def job_start(*, kind: str, actor=None, upload: bytes | None = None, **scope) -> SurveyJob:
    """Create the job and queue its work once the job is saved."""
    job = SurveyJob.objects.create(
        kind=kind, requested_by=actor if actor and actor.is_authenticated else None, upload=upload, **scope
    )
    transaction.on_commit(lambda: run_survey_job.enqueue(job_id=job.pk))
    return job


@task()
def run_survey_job(*, job_id: int) -> None:
    """Do a queued job once: a second worker that picks the same job finds it started and leaves it."""
    started = SurveyJob.objects.filter(pk=job_id, status=SurveyJob.Status.QUEUED).update(
        status=SurveyJob.Status.RUNNING
    )
    if not started:
        return
    job = SurveyJob.objects.get(pk=job_id)
    try:
        outcome = WORK[job.kind](job, JobProgress(job))
    except Exception:
        logger.exception("Survey job %s (%s) failed", job.pk, job.kind)
        SurveyJob.objects.filter(pk=job.pk).update(
            status=SurveyJob.Status.FAILED, upload=None, finished_at=timezone.now()
        )
        raise
    SurveyJob.objects.filter(pk=job.pk).update(
        status=SurveyJob.Status.REFUSED if outcome.errors else SurveyJob.Status.DONE,
        done=job.done if outcome.errors else max(job.done, job.total),
        summary=outcome.summary[:300],
        errors=[[line, message] for line, message in outcome.errors[:2000]],
        output=outcome.output,
        output_name=outcome.output_name,
        upload=None,  # an upload may hold parents' contacts: keep it no longer than the work
        finished_at=timezone.now(),
    )
