from rest_framework.routers import SimpleRouter

from orders.views import OrderViewSet

# SimpleRouter, not DefaultRouter: no API root view and no format suffixes, only the contract's paths.
router = SimpleRouter()
router.register("orders", OrderViewSet, basename="order")

urlpatterns = router.urls
