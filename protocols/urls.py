from rest_framework.routers import SimpleRouter

from protocols import api

router = SimpleRouter()
router.register("protocols", api.ProtocolViewSet, basename="protocol")
urlpatterns = router.urls
