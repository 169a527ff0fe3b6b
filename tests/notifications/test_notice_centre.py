"""The notification centre: the unread count in the header, the list, marking read — one's own
notices only, on the page and over the API, in a query budget that does not grow."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from notifications.models import Notice, NoticeEvent, Occurrence
from tests.factories import make_case

NOTICE_LIST_QUERIES = 6  # session, user with profile, count, page, header: unread count, roles


def notices_for(user, case, n, code="contract_ready"):
    event = NoticeEvent.objects.get(code=code)
    occurrences = Occurrence.objects.bulk_create(
        [Occurrence(event=event, key=f"{user.pk}-{i}", case=case) for i in range(n)])
    return Notice.objects.bulk_create([
        Notice(event=event, occurrence=o, recipient=user, case=case,
               subject_vi=f"Hợp đồng {case.code} chờ ký {i}", subject_en=f"Contract {i} ready",
               body_vi="Đề nghị ký.", body_en="Please sign.", url=f"/cases/{case.pk}/")
        for i, o in enumerate(occurrences)])


@pytest.fixture
def api():
    def client_for(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return client_for


@pytest.mark.django_db
def test_the_header_counts_unread_and_the_list_shows_only_ones_own(cast, client):
    case = make_case(cast.host)
    mine = notices_for(cast.host, case, 3)
    notices_for(cast.other_host, case, 2)
    client.force_login(cast.host)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert 'class="notices-link"' in page and '<span class="badge" aria-label="chưa đọc">3</span>' in page
    listing = client.get(reverse("notifications:notices")).content.decode()
    assert listing.count("chờ ký") == 3
    # Reading one follows it to its case and lowers the count.
    response = client.post(reverse("notifications:notice-read", args=[mine[0].pk]),
                           {"next": mine[0].url})
    assert response.status_code == 302 and response["Location"] == mine[0].url
    assert Notice.objects.filter(recipient=cast.host, read_at=None).count() == 2
    client.post(reverse("notifications:notice-read-all"))
    assert not Notice.objects.filter(recipient=cast.host, read_at=None).exists()
    assert Notice.objects.filter(recipient=cast.other_host, read_at=None).count() == 2


@pytest.mark.django_db
def test_someone_elses_notice_is_not_there(cast, client, api):
    case = make_case(cast.host)
    theirs = notices_for(cast.other_host, case, 1)[0]
    client.force_login(cast.host)
    assert client.post(reverse("notifications:notice-read", args=[theirs.pk])).status_code == 404
    assert api(cast.host).post(f"/api/notices/{theirs.pk}/read/").status_code == 404
    assert Notice.objects.get(pk=theirs.pk).read_at is None
    # An outside address in "next" is not followed.
    mine = notices_for(cast.host, case, 1)[0]
    response = client.post(reverse("notifications:notice-read", args=[mine.pk]),
                           {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:notices")


@pytest.mark.django_db
def test_the_api_lists_ones_own_with_the_unread_count_in_the_language_asked(cast, api):
    case = make_case(cast.host)
    mine = notices_for(cast.host, case, 30)
    notices_for(cast.other_host, case, 5)
    client = api(cast.host)
    body = client.get("/api/notices/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["count"] == 30 and body["unread"] == 30 and len(body["results"]) == 25
    assert body["results"][0]["subject"].startswith("Contract")
    assert client.get("/api/notices/", HTTP_ACCEPT_LANGUAGE="vi").json()["results"][0][
        "subject"].startswith("Hợp đồng")
    assert client.post(f"/api/notices/{mine[0].pk}/read/").json() == {"read": 1}
    assert client.get("/api/notices/?unread=true").json()["count"] == 29
    assert client.get("/api/notices/?unread=maybe").status_code == 400
    assert client.post("/api/notices/read-all/").json() == {"read": 29}


@pytest.mark.django_db
@pytest.mark.parametrize("n", [5, 300])
def test_the_centre_costs_the_same_for_5_or_300_notices(cast, client, api, n,
                                                        django_assert_max_num_queries):
    case = make_case(cast.host)
    notices_for(cast.host, case, n)
    client.force_login(cast.host)
    with django_assert_max_num_queries(NOTICE_LIST_QUERIES):
        assert client.get(reverse("notifications:notices")).status_code == 200
    client_api = api(cast.host)
    with django_assert_max_num_queries(4):
        assert client_api.get("/api/notices/").status_code == 200


@pytest.mark.django_db
def test_preferences_page_saves_quiet_hours_and_refuses_half_of_them(cast, client):
    client.force_login(cast.host)
    event = NoticeEvent.objects.get(code="council_decision")
    response = client.post(reverse("notifications:preferences"), {
        "email_enabled": "on", "quiet_start": "22:00", "muted_events": [event.pk]})
    assert response.status_code == 200
    assert "Nhập cả giờ bắt đầu và giờ kết thúc." in response.content.decode()
    response = client.post(reverse("notifications:preferences"), {
        "email_enabled": "on", "quiet_start": "22:00", "quiet_end": "06:30",
        "muted_events": [event.pk]})
    assert response.status_code == 302
    preference = cast.host.notification_preference
    assert str(preference.quiet_end) == "06:30:00" and not preference.sms_enabled
    assert list(preference.muted_events.all()) == [event]
