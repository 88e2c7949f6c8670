# Envío de correo como luis.ortega@gmail.com (creado por mailsetup).
# La contraseña se lee de la variable de entorno SMTP_PASS; no la escribas en el código.
# Límites de envío de Google Mail — 500 destinatarios al día. Para boletines o envíos masivos usa un servicio de envío especializado.
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
msg["Subject"] = "Prueba de envío"
msg.set_content("Si lees esto, el envío funciona.")

context = ssl.create_default_context()
with smtplib.SMTP_SSL(SMTP_HOST, SMTP_PORT, context=context) as smtp:
    smtp.login(SMTP_USER, os.environ["SMTP_PASS"])
    smtp.send_message(msg)
