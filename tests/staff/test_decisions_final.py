"""A decision on a proposal or a report is final: no revert from the history, no edit in the form,
and a proposal is accepted only through the review (`partners.content.review.accept_proposal`)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from partners import models as m
from partners.staff import guard, policy


@pytest.fixture
def rejected(leuven_feedback, leuven_client):
    """A partner's proposal, rejected by An through the review screen."""
    proposal, _report = leuven_feedback
    response = leuven_client.post(reverse("admin:partners_proposal_change", args=[proposal.pk]), {"_reject": "1"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == m.ProposalStatus.REJECTED
    return proposal


@pytest.mark.django_db
def test_a_rejected_proposal_cannot_be_reverted_and_then_accepted(rejected, leuven_client):
    """The attack of the review: revert to the open version from the history, then accept it, so the
    service is stamped "nagekeken door de partner" without the partner."""
    service = rejected.service
    before = (service.availability, service.assured_date, service.assured_by)
    open_version = rejected.history.filter(status=m.ProposalStatus.OPEN).earliest("history_date")
    url = reverse("admin:partners_proposal_simple_history", args=[rejected.pk, open_version.history_id])
    response = leuven_client.post(url, {"_save": "1"})
    assert response.status_code == 403
    assert "al beslist" in response.content.decode()
    rejected.refresh_from_db()
    assert rejected.status == m.ProposalStatus.REJECTED
    accept = leuven_client.post(reverse("admin:partners_proposal_change", args=[rejected.pk]), {"_accept_all": "1"})
    assert accept.status_code == 302
    rejected.refresh_from_db()
    service.refresh_from_db()
    assert rejected.status == m.ProposalStatus.REJECTED
    assert (service.availability, service.assured_date, service.assured_by) == before


@pytest.mark.django_db
def test_a_decided_proposal_cannot_be_reopened_by_anyone_not_even_the_redactie_vlaanderen(rejected, admin_user):
    rejected.status = m.ProposalStatus.OPEN
    with guard.acting_as(admin_user), pytest.raises(policy.Refused, match="al beslist"):
        rejected.save()
    assert m.Proposal.objects.get(pk=rejected.pk).status == m.ProposalStatus.REJECTED


@pytest.mark.django_db
def test_accepting_outside_the_review_is_refused(leuven_feedback, make_editor, leuven):
    """Setting the status by hand (a form, a revert, a script in a request) is not accepting: the service would not change."""
    proposal, _report = leuven_feedback
    proposal.status, proposal.decided_at = m.ProposalStatus.ACCEPTED, timezone.now()
    with guard.acting_as(make_editor("an", leuven)), pytest.raises(policy.Refused, match="Aanvaarden"):
        proposal.save()
    assert m.Proposal.objects.get(pk=proposal.pk).status == m.ProposalStatus.OPEN


@pytest.mark.django_db
def test_a_resolved_report_is_read_only_and_cannot_be_reverted(leuven_feedback, leuven_client):
    _proposal, report = leuven_feedback
    url = reverse("admin:partners_report_change", args=[report.pk])
    assert leuven_client.post(url, {"status": m.ReportStatus.DISMISSED, "fixed_by": ""}).status_code == 302
    report.refresh_from_db()
    assert report.status == m.ReportStatus.DISMISSED and report.resolved_at is not None
    page = leuven_client.get(url).content.decode()
    assert 'name="status"' not in page  # the form shows the decision, it does not offer to change it
    leuven_client.post(url, {"status": m.ReportStatus.OPEN, "fixed_by": ""})
    report.refresh_from_db()
    assert report.status == m.ReportStatus.DISMISSED
    open_version = report.history.filter(status=m.ReportStatus.OPEN).earliest("history_date")
    revert = reverse("admin:partners_report_simple_history", args=[report.pk, open_version.history_id])
    assert leuven_client.post(revert, {"status": m.ReportStatus.OPEN, "_save": "1"}).status_code == 403
    report.refresh_from_db()
    assert report.status == m.ReportStatus.DISMISSED
