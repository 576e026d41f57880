"""Run the tdkt command line from a source checkout: python cli.py render …"""

from tdkt_docgen.cli import main

if __name__ == "__main__":
    main()
