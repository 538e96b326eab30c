# Score the last solution the assistant wrote against the problem's own unit tests.
cd coding && python run_tests.py; cd ..
