from .queries import unread_notification_count


def notifications(request):
    """The unread count for the bell in the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_notification_count(user)}
