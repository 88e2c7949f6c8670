# Sending mail as marta@hotmail.es (made by mailsetup).
# The password is read from the SMTP_PASS environment variable; do not write it in the code.
# Warning: smtp-mail.outlook.com only accepts "Sign in with…" (OAuth); sending with a password will fail.
import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr

SMTP_HOST = "smtp-mail.outlook.com"
SMTP_PORT = 587
SMTP_USER = "marta@hotmail.es"
SMTP_FROM = "marta@hotmail.es"
SMTP_FROM_NAME = "Marta Gil"

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
