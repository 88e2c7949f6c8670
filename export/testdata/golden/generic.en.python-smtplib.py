# Sending mail as ana@example.es (made by mailsetup).
# The password is read from the SMTP_PASS environment variable; do not write it in the code.
import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr

SMTP_HOST = "smtp.example.es"
SMTP_PORT = 587
SMTP_USER = "ana@example.es"
SMTP_FROM = "ana@example.es"
SMTP_FROM_NAME = "Ana Pérez"

msg = EmailMessage()
msg["From"] = formataddr((SMTP_FROM_NAME, SMTP_FROM))
msg["To"] = SMTP_FROM
msg["Subject"] = "Test message"
msg.set_content("If you can read this, sending works.")

context = ssl.create_default_context()
with smtplib.SMTP(SMTP_HOST, SMTP_PORT) as smtp:
    smtp.starttls(context=context)
    smtp.login(SMTP_USER, os.environ["SMTP_PASS"])
    smtp.send_message(msg)
