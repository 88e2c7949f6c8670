# Sending mail as luis.ortega@gmail.com (made by mailsetup).
# The password is read from the SMTP_PASS environment variable; do not write it in the code.
# Google Mail sending limits — 500 recipients a day. For newsletters or bulk mail use a dedicated sending service.
import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr

SMTP_HOST = "smtp.gmail.com"
SMTP_PORT = 465
SMTP_USER = "luis.ortega@gmail.com"
SMTP_FROM = "luis.ortega@gmail.com"
SMTP_FROM_NAME = "Luis Ortega"

msg = EmailMessage()
msg["From"] = formataddr((SMTP_FROM_NAME, SMTP_FROM))
msg["To"] = SMTP_FROM
msg["Subject"] = "Test message"
msg.set_content("If you can read this, sending works.")

context = ssl.create_default_context()
with smtplib.SMTP_SSL(SMTP_HOST, SMTP_PORT, context=context) as smtp:
    smtp.login(SMTP_USER, os.environ["SMTP_PASS"])
    smtp.send_message(msg)
