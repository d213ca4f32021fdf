"""User (email is the login) and Profile (who someone is, with per-field visibility)."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from practica.core.models import Tag


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, display_name=None, **extra):
        """Every account has a profile, however it was made (sign-up, createsuperuser…):
        pages and notifications rely on a display name."""
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        Profile.objects.using(self._db).create(
            user=user, display_name=(display_name or email.split("@")[0])[:80]
        )
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email"), max_length=254, unique=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    # Made by an importer for a sender address nobody has claimed yet: it cannot sign in
    # until a person proves they own the address (accounts.services placeholder claim).
    is_placeholder = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        profile = getattr(self, "profile", None)
        return profile.display_name if profile else self.email

    @property
    def display_name(self) -> str:
        return str(self)


class Sector(models.TextChoices):
    ACADEMIA = "academia", _("Academia")
    PUBLIC = "public", _("Public sector")
    HEALTH = "health", _("Health care")
    NONPROFIT = "nonprofit", _("Non-profit")
    PRIVATE = "private", _("Private sector")
    COMMUNITY = "community", _("Community / grassroots")
    EDUCATION = "education", _("Education")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    """Who may see one profile field."""

    EVERYONE = "everyone", _("Everyone")
    COMMUNITIES = "communities", _("Members of my communities")
    ONLY_ME = "only_me", _("Only me")


# Profile fields a member controls the audience of, with the default audience of each.
# The display name is always visible: others need it to address and @mention a person.
PROFILE_FIELD_DEFAULTS = {
    "pronouns": Audience.EVERYONE,
    "bio": Audience.EVERYONE,
    "sector": Audience.EVERYONE,
    "discipline": Audience.EVERYONE,
    "organisation": Audience.COMMUNITIES,
    "location": Audience.COMMUNITIES,
    "timezone": Audience.COMMUNITIES,
    "interests": Audience.EVERYONE,
    "expertise": Audience.EVERYONE,
    "needs": Audience.COMMUNITIES,
    "hours_per_month": Audience.COMMUNITIES,
}
PROFILE_FIELDS = list(PROFILE_FIELD_DEFAULTS)


def _audience_field(default):
    return models.CharField(max_length=12, choices=Audience.choices, default=default)


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=80, db_index=True)
    pronouns = models.CharField(max_length=40, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    bio_html = models.TextField(blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    discipline = models.CharField(max_length=120, blank=True)
    organisation = models.CharField(max_length=120, blank=True)
    location = models.CharField(max_length=120, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    interests = models.ManyToManyField(Tag, related_name="interested_profiles", blank=True)
    expertise = models.ManyToManyField(Tag, related_name="expert_profiles", blank=True)
    needs = models.ManyToManyField(Tag, related_name="needing_profiles", blank=True)
    hours_per_month = models.PositiveSmallIntegerField(null=True, blank=True)

    # Who sees each field (Audience); see PROFILE_FIELD_DEFAULTS.
    pronouns_audience = _audience_field(PROFILE_FIELD_DEFAULTS["pronouns"])
    bio_audience = _audience_field(PROFILE_FIELD_DEFAULTS["bio"])
    sector_audience = _audience_field(PROFILE_FIELD_DEFAULTS["sector"])
    discipline_audience = _audience_field(PROFILE_FIELD_DEFAULTS["discipline"])
    organisation_audience = _audience_field(PROFILE_FIELD_DEFAULTS["organisation"])
    location_audience = _audience_field(PROFILE_FIELD_DEFAULTS["location"])
    timezone_audience = _audience_field(PROFILE_FIELD_DEFAULTS["timezone"])
    interests_audience = _audience_field(PROFILE_FIELD_DEFAULTS["interests"])
    expertise_audience = _audience_field(PROFILE_FIELD_DEFAULTS["expertise"])
    needs_audience = _audience_field(PROFILE_FIELD_DEFAULTS["needs"])
    hours_per_month_audience = _audience_field(PROFILE_FIELD_DEFAULTS["hours_per_month"])

    # Whether a community's health page may name this person (a newcomer waiting for an
    # answer, a member who has gone quiet); when not, they are only counted. The database
    # default keeps inserts that do not name the column working.
    named_in_health = models.BooleanField(_("named on health pages"), default=True, db_default=True)

    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.display_name

    def audience(self, field: str) -> str:
        return getattr(self, f"{field}_audience")


class ApiToken(models.Model):
    """A Bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
