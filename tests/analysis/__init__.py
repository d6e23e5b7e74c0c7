# Python tests of analysis/ (run: /usr/bin/python3 -m unittest discover -s tests/analysis -t . from the repo root).
