// Tests log nothing unless asked: a test run's output should be the test runner's.
process.env.LOG_LEVEL ??= "silent";
