import datetime as dt

import factory

from patients.models import Clinic, Patient, User

PASSWORD = "correct-horse-battery-staple"


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Clinic {n}")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@clinic.test")
    name = factory.Sequence(lambda n: f"Physio {n}")
    role = User.Role.PHYSIO
    clinic = factory.SubFactory(ClinicFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    user = factory.SubFactory(
        StaffFactory,
        role=User.Role.PATIENT,
        clinic=None,
        email=factory.Sequence(lambda n: f"patient{n}@mail.test"),
        name=factory.Sequence(lambda n: f"Patient {n}"),
    )
    clinic = factory.SubFactory(ClinicFactory)
    treating_physio = factory.SubFactory(StaffFactory, clinic=factory.SelfAttribute("..clinic"))
    date_of_birth = dt.date(1990, 5, 17)
    timezone = "Europe/London"
