"""Forms of the money pages. They check shapes (a date, a choice, a length); the rules about
money (positive amounts, known currencies, rates, restrictions, overdrafts) live in
``services.money`` so that the API applies the very same ones."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .ledger import CURRENCIES
from .models import ExpenseCategory, ExpenseStatus, FundKind, LedgerVisibility
from .services.money import NAME_MAX, NOTE_MAX

CURRENCY_CHOICES = [(c, c) for c in sorted(CURRENCIES)]
DATE = forms.DateInput(attrs={"type": "date"})


class AmountInput(forms.TextInput):
    def __init__(self):
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 12})


class ExpenseForm(forms.Form):
    fund = forms.TypedChoiceField(label=_("Paid from"), coerce=int)
    spent_on = forms.DateField(label=_("Day spent"), widget=DATE)
    amount = forms.CharField(label=_("Amount"), max_length=30, widget=AmountInput())
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    rate = forms.CharField(
        label=_("Rate used"),
        max_length=30,
        required=False,
        widget=AmountInput(),
        help_text=_("Only for another currency: how much one unit of it was worth."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=ExpenseCategory.choices)
    description = forms.CharField(label=_("What it was for"), max_length=NOTE_MAX)
    receipt = forms.FileField(
        label=_("Receipt"),
        required=False,
        help_text=_("PDF, PNG or JPEG, at most 10 MB. Only members can open it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, funds=(), currency="EUR", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = list(funds)
        self.fields["currency"].initial = currency


class FundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    kind = forms.ChoiceField(label=_("Kind"), choices=FundKind.choices)
    source = forms.CharField(label=_("From"), max_length=NAME_MAX)
    amount = forms.CharField(label=_("Amount"), max_length=30, widget=AmountInput())
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    rate = forms.CharField(
        label=_("Rate used"),
        max_length=30,
        required=False,
        widget=AmountInput(),
        help_text=_("Only for another currency: how much one unit of it was worth."),
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    period_start = forms.DateField(label=_("Covers from"), widget=DATE, required=False)
    period_end = forms.DateField(label=_("Covers until"), widget=DATE, required=False)
    ends_on = forms.DateField(
        label=_("Ends on"),
        widget=DATE,
        required=False,
        help_text=_("A grant's end date: what is left then can no longer be spent."),
    )
    restricted_to = forms.MultipleChoiceField(
        label=_("May only pay for"),
        choices=ExpenseCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty if it may pay for anything."),
    )
    restriction_note = forms.CharField(
        label=_("Restriction in the funder's words"), max_length=NOTE_MAX, required=False
    )

    def __init__(self, *args, currency="EUR", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].initial = currency


class DecisionForm(forms.Form):
    expense_id = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[
            ("approve", _("Approve")),
            ("reject", _("Reject")),
            ("withdraw", _("Withdraw")),
            ("reverse", _("Reverse")),
        ]
    )
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX, required=False)


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in ExpenseCategory.choices:
            self.fields[f"line_{value}"] = forms.CharField(
                label=label, max_length=30, required=False, widget=AmountInput()
            )

    def lines(self) -> dict:
        return {
            value: self.cleaned_data.get(f"line_{value}", "").strip()
            for value in ExpenseCategory.values
        }


class MoneySettingsForm(forms.Form):
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    ledger_visibility = forms.ChoiceField(
        label=_("Who can read the ledger"),
        choices=LedgerVisibility.choices,
        widget=forms.RadioSelect,
        help_text=_("Everyone only applies to a public community."),
    )
    approval_threshold = forms.CharField(
        label=_("Second approval from"),
        max_length=30,
        widget=AmountInput(),
        help_text=_(
            "Expenses of this amount or more need a steward other than the person who "
            "submitted them."
        ),
    )


class LedgerFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any"))] + ExpenseStatus.choices, required=False
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Any"))] + ExpenseCategory.choices, required=False
    )
    fund = forms.TypedChoiceField(label=_("Fund"), coerce=int, required=False, empty_value=None)
    year = forms.IntegerField(required=False, min_value=1990, max_value=2200)

    def __init__(self, *args, funds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = [("", _("Any"))] + list(funds)
