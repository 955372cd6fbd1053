from django.urls import path

from organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("new/", views.create, name="create"),
    path("pick/", views.pick, name="pick"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/restructure/", views.restructure, name="restructure"),
    path("<int:pk>/regulation/", views.regulation_file, name="regulation_file"),
    path("<int:pk>/positions/new/", views.add_position, name="add_position"),
    path("<int:pk>/positions/<int:position_pk>/end/", views.end_position, name="end_position"),
]
