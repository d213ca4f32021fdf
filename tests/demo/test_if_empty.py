from practica.accounts.models import User
from practica.communities.services import community_create
from practica.demo.load import MAIN_LOGIN, load_demo


def test_if_empty_leaves_a_real_installation_alone(db, make_user):
    community_create(make_user(), name="Our own community", purpose="Real work.")
    assert load_demo(if_empty=True, progress=False) is False
    assert not User.objects.filter(email=MAIN_LOGIN).exists()
