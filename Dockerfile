# inburgering: one image for the web, worker, beat and migrate services (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=inburgering.settings \
    STATICFILES_STORAGE=whitenoise.storage.CompressedManifestStaticFilesStorage \
    STATIC_ROOT=/app/staticfiles \
    PRIVATE_MEDIA_ROOT=/app/var/private-media \
    CELERY_FS_DIR=/app/var/celery

# What WeasyPrint loads at run time (Pango, HarfBuzz with its subset library, a font).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 app \
 && useradd --system --uid 1000 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Runtime dependencies only, at the versions pinned in requirements.lock.
COPY pyproject.toml requirements.lock ./
COPY scripts/runtime-requirements.py /tmp/runtime-requirements.py
RUN python /tmp/runtime-requirements.py pyproject.toml > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt -c requirements.lock \
 && rm /tmp/requirements.txt /tmp/runtime-requirements.py

COPY . .
# Static files are collected (hashed and compressed for WhiteNoise) at build time;
# var/ holds what the processes write at run time (private media, beat schedule).
RUN python manage.py collectstatic --noinput \
 && mkdir -p /app/var/private-media /app/var/celery \
 && chown -R app:app /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "inburgering.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
