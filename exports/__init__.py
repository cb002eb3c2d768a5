"""Clinic exports: patient reports (PDF, HTML), FHIR R4 bundles, clinic-wide CSV and
outcome jobs, and the audit record every export leaves. Built on rehab's records."""
