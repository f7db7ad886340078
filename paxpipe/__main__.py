from paxpipe.cli import main

raise SystemExit(main())
