"""Serving the explainers: JupyterLab, the Voilà app and the static site, with their templates.

Standard library only at import time (``yibao.serve.nodelay`` is a Jupyter server extension).
"""
