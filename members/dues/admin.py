from django.contrib import admin

from members.dues.models import DuesPayment, DuesRule, IncomeBasis, Remittance

# The rates and shares are data: the office adds a rule with the date it takes effect, and
# earlier months keep theirs (Quy định 342-QĐ/TW ngày 28/12/2010).


@admin.register(DuesRule)
class DuesRuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "effective_from",
        "salary_percent",
        "pension_percent",
        "student_amount",
        "other_amount",
        "subordinate_cell_keeps_percent",
        "grassroots_keeps_percent",
    ]


@admin.register(IncomeBasis)
class IncomeBasisAdmin(admin.ModelAdmin):
    list_display = ["member", "category", "monthly_income", "effective_from"]
    list_filter = ["category"]
    raw_id_fields = ["member"]
    search_fields = ["member__search_text"]


@admin.register(DuesPayment)
class DuesPaymentAdmin(admin.ModelAdmin):
    list_display = ["member", "organization", "month", "amount", "paid_on"]
    raw_id_fields = ["member", "organization", "meeting"]
    date_hierarchy = "paid_on"


@admin.register(Remittance)
class RemittanceAdmin(admin.ModelAdmin):
    list_display = ["organization", "month", "amount", "remitted_on"]
    raw_id_fields = ["organization"]
