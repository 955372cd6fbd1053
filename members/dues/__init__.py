"""Party dues (đảng phí): the dated rules, each member's income basis, the ledger of payments
per month, and the remittances up the tree."""
