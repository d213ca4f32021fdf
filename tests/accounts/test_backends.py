"""Every sign-in form goes through the rate-limited backend, Django admin's included."""

from django.test import Client, RequestFactory

from practica.core.http import client_address
from tests.conftest import PASSWORD


def test_admin_login_is_rate_limited_too(db, make_user, settings):
    settings.LOGIN_RATE_LIMIT = 2
    staff = make_user(email="admin@example.org")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client = Client()
    for _attempt in range(2):
        response = client.post(
            "/admin/login/", {"username": "admin@example.org", "password": "guess"}
        )
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    # The right password no longer works until the window passes: guessing stops here.
    client.post("/admin/login/", {"username": "admin@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_successful_sign_ins_do_not_use_up_the_address_allowance(db, make_user, settings):
    from practica.accounts.services import user_authenticate

    settings.LOGIN_RATE_LIMIT = 1  # three per address
    people = [make_user() for _ in range(5)]
    for person in people:  # five colleagues behind one office address
        assert user_authenticate(email=person.email, password=PASSWORD, address="10.1.1.1")


def test_client_address_ignores_forwarded_for_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = 0
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert client_address(request) == "127.0.0.1"


def test_client_address_takes_the_hop_the_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXIES = 1
    # The client forged the first entry; our one proxy appended the real address last.
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert client_address(request) == "203.0.113.9"
    settings.TRUSTED_PROXIES = 2
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.2"
    )
    assert client_address(request) == "198.51.100.7"
